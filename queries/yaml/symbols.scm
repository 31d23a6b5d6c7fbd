; YAML definitions for `graft symbols` (see include/graft/symbols.h): the
; keys of each document's top-level mapping (kind key), block or flow
; style. A key repeated in several documents of one stream (separated by
; `---`) is k[1], k[2], ... in document order. A top-level sequence or
; scalar document lists nothing.

(document
  (block_node
    (block_mapping
      (block_mapping_pair
        key: (_) @name) @definition.key)))

(document
  (flow_node
    (flow_mapping
      (flow_pair
        key: (_) @name) @definition.key)))
