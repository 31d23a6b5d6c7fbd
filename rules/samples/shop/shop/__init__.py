"""A small order-management library: the sample the python pack is run on."""
