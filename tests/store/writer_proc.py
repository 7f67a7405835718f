"""A writer process for the fault drills: saves deals in a loop and acknowledges each one.

usage: python writer_proc.py DATA_ROOT PROFILE COUNT TAG
After each save returns it prints "<id> <rev>" and flushes, so the parent knows it is on disk.
"""

import sys

from coach.domain.records import Deal
from coach.store import open_store

root, profile, count, tag = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
with open_store(root, profile, lock_timeout=60, daily_backup=False) as store:
    last = None
    for i in range(count):
        if last is not None and i % 3 == 0:
            last.notes = f"{tag} update {i}"
            last = store.deals.save(last)  # an update of an existing record
        else:
            last = store.deals.save(Deal(client=f"{tag}-{i}", notes="备注" * 50))
        print(last.id, last.rev, flush=True)
