"""The staff web app (`social-audit serve`): wiring only, over the store, reports and classifier.

A person signs in by a single-use link to their registered address and sees their own
findings (and nobody else's), answers them, checks drafts, self-audits an export and
manages their accounts and consent; the communications team sees the trends report.
"""
