; Python definitions for `graft symbols` (see include/graft/symbols.h).
; A decorated definition and the definition inside it are one symbol: the
; decorated node gives the range, the inner one the header.

(class_definition
  name: (identifier) @name
  body: (block) @body) @definition.class

(function_definition
  name: (identifier) @name
  body: (block) @body) @definition.function

(decorated_definition
  definition: (class_definition name: (identifier) @name)) @definition.class

(decorated_definition
  definition: (function_definition name: (identifier) @name)) @definition.function

; module-level names and class attributes: `x = ...`, `x: T = ...`, `x: T`
(module
  (expression_statement
    (assignment left: (identifier) @name) @definition.variable))

(class_definition
  body: (block
    (expression_statement
      (assignment left: (identifier) @name) @definition.field)))

; @property, @cached_property and @x.setter/getter/deleter methods
(decorated_definition
  (decorator [
    (identifier) @_deco
    (attribute attribute: (identifier) @_deco)
  ])
  definition: (function_definition name: (identifier) @name)
  (#any-of? @_deco "property" "cached_property" "setter" "getter" "deleter")) @definition.property
