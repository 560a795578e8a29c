# SPDX-License-Identifier: GPL-2.0
# Run script of `make demo` in the guest (sourced by vm/guest/init): load, then the demo.
section load capsicum_load
section capsicum-demo capsicum-demo
