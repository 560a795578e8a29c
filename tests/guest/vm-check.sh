# SPDX-License-Identifier: GPL-2.0
# Run script of `make check` in the guest (sourced by vm/guest/init): load, status, the e2e suites.
section load capsicum_load
section status capsicumctl status
section capsicum-e2e capsicum-e2e --gtest_color=no
# The life cycle: with no sandbox left, unload detaches and removes the module; load brings it back.
section unload capsicumctl unload
section reload capsicumctl load
