"""The validator node: the only layer with I/O (HTTP, SQL, timers).

`node.settings.NodeSettings` configures it, `node.core.Node` holds the chain in memory and
on disk, `node.mempool` admits transactions, `node.producer` makes blocks, `node.api` serves
HTTP and `node.run.run_node` starts it all under uvicorn.
"""
