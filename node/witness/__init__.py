"""The witness: an independent service that cosigns the validators' checkpoints (C2SP tlog-witness).

`store` keeps the latest cosigned checkpoint of each log durably (SQLite), `service` runs the
protocol's checks and cosigns, `http` serves it, `follow` polls nodes itself, `run` starts it all.
"""
