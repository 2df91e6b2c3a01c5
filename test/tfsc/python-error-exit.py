# RUN: not tfsc run %s a1 --flag 2>&1 | FileCheck %s
# sys.argv is [SCRIPT, args...]; an exception prints the traceback with the
# user's file:line and exits 1.
import sys
import tensorflow as tf

print(sys.argv[1:])
# CHECK: ['a1', '--flag']
raise RuntimeError("boom")
# CHECK: Traceback (most recent call last):
# CHECK-NEXT: File "{{.*}}python-error-exit.py", line 9, in <module>
# CHECK: RuntimeError: boom
