"""The store: each profile's records in TinyDB-format files, written atomically, locked, versioned.

    from coach.store import open_store
    with open_store(data_root, "alice") as store:
        deal = store.deals.save(Deal(client="张伟"))

See docs/data.md for the folder layout, backups and bundles.
"""

from coach.store.errors import (
    BundleInvalid,
    StaleRevision,
    StoreDamaged,
    StoreError,
    StoreLocked,
    StoreNotWritable,
    StoreReadOnly,
    StoreTooNew,
    StoreWriteFailed,
)
from coach.store.profiles import Profile, list_profiles
from coach.store.repository import Repository, SettingsRepository
from coach.store.store import Store, open_store

__all__ = [
    "BundleInvalid",
    "Profile",
    "Repository",
    "SettingsRepository",
    "StaleRevision",
    "Store",
    "StoreDamaged",
    "StoreError",
    "StoreLocked",
    "StoreNotWritable",
    "StoreReadOnly",
    "StoreTooNew",
    "StoreWriteFailed",
    "list_profiles",
    "open_store",
]
