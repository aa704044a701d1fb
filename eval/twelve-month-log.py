#!/usr/bin/env python3
"""A 12-month order log of the shared file's layout, for the backtest memory and speed benchmark
(docs/backtest.md). Issue 11 measured "a 12-month log of the shared file's layout (about 540K lines)":
the shop's full year, which the project does not have (its later months are the hold-out nobody may
look at). This builds a stand-in from the shared 9-month log only:

  2010-12-01 .. 2011-08-31  the shared log as it is                                (320,705 lines)
  2011-08-30 .. 2011-11-29  its lines of 2011-03-01 .. 2011-05-31, moved 26 weeks on (103,694)
  2011-08-31 .. 2011-11-30  its lines of 2011-06-01 .. 2011-08-31, moved 13 weeks on (111,676)

536,075 lines, 12 months; the autumn has two copies of spring and summer, as busy as the real
autumn was. Whole weeks keep the weekdays (the shop stays closed on Saturdays; moved bank holidays
become quiet weekdays). Copied invoices get a suffix (-a, -b) so they stay distinct orders; a
cancellation still starts with C. Lines are merged in time order, as a producer would write them.

usage: eval/twelve-month-log.py [in.csv.gz] [out.csv.gz]
"""
import csv
import gzip
import heapq
import sys
from datetime import date, datetime, timedelta

SRC = sys.argv[1] if len(sys.argv) > 1 else "../shared/data/online-retail/online_retail_2010-12-01_2011-08-31.csv.gz"
OUT = sys.argv[2] if len(sys.argv) > 2 else "online_retail_12_months.csv.gz"
FMT = "%Y-%m-%d %H:%M:%S"
COPIES = [("-a", date(2011, 3, 1), date(2011, 5, 31), timedelta(weeks=26)),
          ("-b", date(2011, 6, 1), date(2011, 8, 31), timedelta(weeks=13))]

with gzip.open(SRC, "rt", encoding="utf-8", newline="") as f:
    reader = csv.reader(f)
    header = next(reader)
    rows = list(reader)
date_col = header.index("InvoiceDate")
invoice_col = header.index("InvoiceNo")


def stream(suffix, first, last, shift):
    for row in rows:
        t = datetime.strptime(row[date_col], FMT)
        if shift is None:
            yield t, row
        elif first <= t.date() <= last:
            moved = list(row)
            moved[date_col] = (t + shift).strftime(FMT)
            moved[invoice_col] = row[invoice_col] + suffix
            yield t + shift, moved


streams = [stream("", None, None, None)] + [stream(*c) for c in COPIES]
n = 0
with gzip.open(OUT, "wt", encoding="utf-8", newline="") as f:
    writer = csv.writer(f, lineterminator="\n")
    writer.writerow(header)
    for _, row in heapq.merge(*streams, key=lambda x: x[0]):  # stable: the original first on ties
        writer.writerow(row)
        n += 1
print(f"wrote {OUT}: {n} lines", file=sys.stderr)
