# SPDX-License-Identifier: GPL-2.0
# Run script of `make bench` in the guest (sourced by vm/guest/init): the four phases of run-bench.sh.
section capsicum-bench run-bench.sh
