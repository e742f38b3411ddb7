"""The ABCI socket server that CometBFT drives, and the generated protobuf messages it speaks.

`wire` frames messages (unsigned-varint length prefix, as CometBFT's `protoio`), `server`
accepts CometBFT's four connections (consensus, mempool, query, snapshot) and answers each
request with the application's method of the same name. `gen` builds the messages' Python
classes from the pinned CometBFT's `.proto` files (`make proto`).
"""
