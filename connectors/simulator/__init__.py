"""A local stand-in for X, Facebook, Mastodon and Bluesky, speaking their APIs on 127.0.0.1.

It serves the endpoints the connectors call, in the shapes recorded in
shared/conformance, with deterministic generated posts for any account asked
for, and with configurable latency, page size, rate limits and faults. Tests,
benchmarks and `social-audit demo` use it; `social-audit simulator` runs it by hand.
"""

from connectors.simulator.config import Fault, RateLimit, SimulatorConfig
from connectors.simulator.server import Simulator

__all__ = ["Fault", "RateLimit", "Simulator", "SimulatorConfig"]
