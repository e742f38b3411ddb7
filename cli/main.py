"""The `tanledger` command: keys, genesis, node, tx, query, audit, verify, trust, demo.

Every command runs inside `ErrorMappingGroup`: an error becomes one red line and exit code 1.
"""
from __future__ import annotations

import typer

from .commands import audit, demo, genesis, keys, network, node, query, tx, tx_orders, tx_rules, tx_validators  # noqa: F401 (add to tx)
from .commands import tx_accounts  # noqa: F401 (add to tx)
from .commands import tx_compliance  # noqa: F401 (adds publish-price and record-exemption to tx)
from .commands import tx_ccer_issuance  # noqa: F401 (adds submit-reduction … decide-issuance to tx)
from .commands import tx_ccer_projects  # noqa: F401 (adds the CCER methodology, VVB and project kinds to tx)
from .commands import tx_ccer_fraud  # noqa: F401 (adds order- and enforce-fraud-cancellation to tx)
from .commands import tx_ccer_offset  # noqa: F401 (adds freeze-offset to tx)
from .commands import query_ccer  # noqa: F401 (adds projects, project, methodologies, vvbs, cancellations to query)
from .commands import query_compliance  # noqa: F401 (adds compliance to query)
from .commands import witness  # the witness service of issue 10
from .commands import monitor  # the monitor of issue 10
from .console import ErrorMappingGroup
from .verify import trust_app, verify_app

app = typer.Typer(
    cls=ErrorMappingGroup, no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False,
    help="TanLedger: a permissioned ledger for China's national carbon market (CEA allowances).",
)
app.add_typer(keys.app, name="keys")
app.add_typer(genesis.app, name="genesis")
app.add_typer(node.app, name="node")
app.add_typer(network.app, name="network")
app.add_typer(tx.app, name="tx")
app.add_typer(query.app, name="query")
app.add_typer(audit.app, name="audit")
app.add_typer(verify_app, name="verify")
app.add_typer(trust_app, name="trust")
app.command("demo")(demo.demo)
app.add_typer(witness.app, name="witness")
app.command("monitor")(monitor.monitor)

if __name__ == "__main__":
    app()
