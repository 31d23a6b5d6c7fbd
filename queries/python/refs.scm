; Python references for `graft refs` (see include/graft/symbols.h): calls,
; type uses (annotations, base classes), imports, and every other use of a
; name. A name found by several patterns keeps the most specific kind.

(call function: (identifier) @name) @reference.call
(call function: (attribute attribute: (identifier) @name)) @reference.call
(decorator (identifier) @name) @reference.call
(decorator (attribute attribute: (identifier) @name)) @reference.call

(class_definition
  superclasses: (argument_list [
    (identifier) @name
    (attribute attribute: (identifier) @name)
  ])) @reference.type
(type (identifier) @name) @reference.type
(type (attribute attribute: (identifier) @name)) @reference.type
(type (generic_type (identifier) @name)) @reference.type
(type (subscript value: (identifier) @name)) @reference.type

(import_statement name: (dotted_name (identifier) @name)) @reference.import
(import_statement name: (aliased_import name: (dotted_name (identifier) @name))) @reference.import
(import_from_statement module_name: (dotted_name (identifier) @name)) @reference.import
(import_from_statement name: (dotted_name (identifier) @name)) @reference.import
(import_from_statement name: (aliased_import name: (dotted_name (identifier) @name))) @reference.import

(identifier) @name @reference.name
