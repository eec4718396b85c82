"""detente.bargain: spatial bargaining models over scenarios (compromise, Nash, BDM/Scholz EUM).

Entry points: `load_scenario`, `simulate_file(path) -> SimulationResult` (`to_json`,
`write_figures`), the models in `models`/`eum`, and the DEU harness in `deu`.
"""

from detente.bargain.eum import ExpectedUtility
from detente.bargain.issue import Issue
from detente.bargain.models import BargainModel, Compromise, Nash, get_model
from detente.bargain.scenario import Scenario, ScenarioError, load_scenario, parse_scenario
from detente.bargain.simulate import SimulationResult, simulate, simulate_file

__all__ = [
    "BargainModel", "Compromise", "ExpectedUtility", "Issue", "Nash", "Scenario", "ScenarioError",
    "SimulationResult", "get_model", "load_scenario", "parse_scenario", "simulate", "simulate_file",
]
