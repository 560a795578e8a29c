# SPDX-License-Identifier: GPL-2.0
# Run script of `make demo` in the guest (sourced by vm/guest/init): load, the demo, the examples.
section load capsicum_load
section capsicum-demo capsicum-demo
# The programs of examples/ at work, each with the operation its sandbox refuses.
section examples run-examples.sh /usr/libexec/capsicum-examples
