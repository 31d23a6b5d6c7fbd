; JSON definitions for `graft symbols` (see include/graft/symbols.h): the
; keys of the top-level object only (kind key). A nested object's keys are
; part of its key's value, not symbols of their own.

(document
  (object
    (pair
      key: (string) @name) @definition.key))
