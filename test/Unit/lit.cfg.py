# -*- Python -*-
# Lit configuration that runs every gtest binary (name ending in "Tests")
# under build/unittests.

import os

import lit.formats

config.name = "TFS-Unit"
config.suffixes = []
config.test_source_root = os.path.join(config.tfs_obj_root, "unittests")
config.test_exec_root = config.test_source_root
config.test_format = lit.formats.GoogleTest(".", "Tests")
