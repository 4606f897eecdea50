"""The autograd notebook's own cells, verbatim, for the tests that replay them."""

from __future__ import annotations

X4 = (0.0, 1.0, 2.0, 3.0)  # the notebook's x = torch.arange(4.0)

CONTROL_FLOW = """\
def f(a):
    b = a*2
    while b.norm()<1000:
        b=b*2
    if b.sum()>0:
        c = b
    else:
        c = 100*b
    return c
"""

EXERCISE_4 = """\
def f(a):
    b = a*2
    print(b)
    while b.norm()<1000:
        print('1')
        b=b*2
    if b.sum()>0:
        c = b
    else:
        c = 100*b
    print(c)
    return c.sum()
"""

DETACH = """\
def f(x):
    y = x*x
    u = y.detach()
    return u*x
"""
