"""A sample application on the fictional "webby" framework, for the webby pack."""
