"""`python -m node`: run one validator node with the settings of the environment (TANLEDGER_*)."""
from .run import main

main()
