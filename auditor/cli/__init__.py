"""The command line: wiring only. `main` is the console script `social-audit`.

Each command lives in its own module and is added to the group here, the way a new
command would be; the modules parse options and call the pipeline and the reports.
"""

from __future__ import annotations

from auditor.cli.app import main
from auditor.cli.classify import check, classify, evaluate_command
from auditor.cli.demo import demo
from auditor.cli.people import accounts, people
from auditor.cli.report import report
from auditor.cli.run import run
from auditor.cli.self_audit import self_audit
from auditor.cli.serve import disputes, serve
from auditor.cli.simulator import simulator
from auditor.cli.trends import trends

for _command in (
    classify,
    check,
    evaluate_command,
    demo,
    people,
    accounts,
    run,
    report,
    self_audit,
    simulator,
    trends,
    serve,
    disputes,
):
    main.add_command(_command)

__all__ = ["main"]
