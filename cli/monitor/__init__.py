"""`tanledger monitor`: follow a node, re-execute every block, check every checkpoint, gossip signed notes.

The monitor trusts only its trust file. It replays the chain the node serves from genesis with
the published rules (cli/replay.py), keeps the log it rebuilt (log.py), checks each checkpoint
the node signs against that log (notes.py), exchanges its latest verified checkpoint with other
monitors and witnesses (gossip.py, the `POST /gossip` of C2SP-style gossip) and raises an alarm
(alarm.py) on the first divergence.
"""
