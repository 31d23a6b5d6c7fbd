; TOML definitions for `graft symbols` (see include/graft/symbols.h).
; Tables `[a.b]` (table, named "a.b" as written, not nested under "a"),
; array tables `[[x]]` (array-table; each repeat is x[1], x[2], ...), and
; key/value pairs: at the top level and directly inside a table or array
; table, under it (`tool.poetry/name`). Dotted keys stay one name
; (`a.b = 1` is "a.b"); inline tables and arrays are values, not listed.

(document
  (pair
    .
    (_) @name) @definition.key)

(table
  .
  (_) @name) @definition.table

(table_array_element
  .
  (_) @name) @definition.array-table

(table
  (pair
    .
    (_) @name) @definition.key)

(table_array_element
  (pair
    .
    (_) @name) @definition.key)
