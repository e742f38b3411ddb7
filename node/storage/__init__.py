"""Durable storage of the chain (SQLModel over SQLite or PostgreSQL); the only home of SQL tables."""
from .checkpoints import StoredCheckpoint
from .mappers import StoredBlock, StoredTx
from .store import Loaded, Store

__all__ = ["Loaded", "Store", "StoredBlock", "StoredCheckpoint", "StoredTx"]
