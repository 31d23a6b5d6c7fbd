; Rust definitions for `graft symbols` (see include/graft/symbols.h).
; Attributes (`#[derive(...)]`) right before an item belong to its range
; (lang_conf attach in src/syntax/symbols.c).

; ---- functions: `fn` anywhere (inside an impl or a trait it is a method)

(function_item
  name: (identifier) @name
  body: (block) @body) @definition.function

; a required trait method: `fn area(&self) -> f64;`
(trait_item
  body: (declaration_list
    (function_signature_item name: (identifier) @name) @definition.method))

; a foreign function in `extern "C" { fn abs(x: i32) -> i32; }`
(foreign_mod_item
  body: (declaration_list
    (function_signature_item name: (identifier) @name) @definition.prototype))

; ---- impl blocks: a scope, not a symbol. `impl<T> Trait for a::Foo<T>`
; puts its items under Foo: the implementing type's last path segment,
; generics and references dropped. Other self types (`[T]`, `(A, B)`,
; `dyn Trait`) are named as written.

(impl_item
  type: [
    (type_identifier) @name
    (primitive_type) @name
    (scoped_type_identifier name: (type_identifier) @name)
    (generic_type type: (type_identifier) @name)
    (generic_type type: (scoped_type_identifier name: (type_identifier) @name))
    (reference_type type: (type_identifier) @name)
    (reference_type type: (primitive_type) @name)
    (reference_type type: (scoped_type_identifier name: (type_identifier) @name))
    (reference_type type: (generic_type type: (type_identifier) @name))
    (reference_type
      type: (generic_type type: (scoped_type_identifier name: (type_identifier) @name)))
    (reference_type type: [(array_type) (tuple_type) (dynamic_type)] @name)
    (array_type) @name
    (tuple_type) @name
    (dynamic_type) @name
    (pointer_type) @name
    (function_type) @name
    (unit_type) @name
  ]) @definition.impl

; ---- types

(struct_item
  name: (type_identifier) @name
  body: (field_declaration_list) @body) @definition.struct
(struct_item
  name: (type_identifier) @name
  !body) @definition.struct
(struct_item
  name: (type_identifier) @name
  body: (ordered_field_declaration_list)) @definition.struct

(union_item
  name: (type_identifier) @name
  body: (field_declaration_list) @body) @definition.union

(enum_item
  name: (type_identifier) @name
  body: (enum_variant_list) @body) @definition.enum

(trait_item
  name: (type_identifier) @name
  body: (declaration_list) @body) @definition.trait

(type_item
  name: (type_identifier) @name) @definition.type

; `type Output;` in a trait
(associated_type
  name: (type_identifier) @name) @definition.type

; named fields of structs, unions and struct-like enum variants
(field_declaration_list
  (field_declaration
    name: (field_identifier) @name) @definition.field)

(enum_variant
  name: (identifier) @name) @definition.enum-member

; ---- modules and macros

(mod_item
  name: (identifier) @name
  body: (declaration_list) @body) @definition.module
(mod_item
  name: (identifier) @name
  !body) @definition.module

(macro_definition
  name: (identifier) @name) @definition.macro

; ---- constants and statics: items of a file, module, impl, trait or
; extern block (not those local to a function body)

(source_file
  (const_item name: (identifier) @name) @definition.constant)
(declaration_list
  (const_item name: (identifier) @name) @definition.constant)

(source_file
  (static_item name: (identifier) @name) @definition.variable)
(declaration_list
  (static_item name: (identifier) @name) @definition.variable)
