; C++ definitions for `graft symbols` (see include/graft/symbols.h).
; As C (queries/c/symbols.scm), plus namespaces, classes, methods,
; templates, `using` aliases and concepts. Members declared in a class body
; nest under it; a definition outside its class (`void A::B::f() {}`)
; carries the qualifier as @scope and gets the path A/B/f. A method named
; like its class is a constructor (lang_conf ctor_named_like_class);
; `~A` is a method. Declarations inside function bodies are not listed.

; ---- templates: `template <...>` belongs to the definition it declares

(template_declaration
  [
    (function_definition) (declaration) (field_declaration) (class_specifier)
    (struct_specifier) (union_specifier) (alias_declaration) (concept_definition)
    (template_declaration)
  ] @inner) @wrapper

; ---- namespaces: `namespace a::b {` is b under a

(namespace_definition
  name: (namespace_identifier) @name
  body: (declaration_list) @body) @definition.namespace
(namespace_definition
  name: (nested_namespace_specifier (namespace_identifier) @name .) @scope
  body: (declaration_list) @body) @definition.namespace

; ---- functions, methods, constructors, operators
; The name: plain, a member's, an operator, a destructor, or qualified up
; to three levels (`A::B::f`, `Vec<T>::operator+=`, `Vec<T>::~Vec`).
; Conversion operators (`operator bool()`) are not listed: the grammar has
; no node for their name alone.

(function_definition
  declarator: [
    (function_declarator
      declarator: [
        (identifier) @name
        (field_identifier) @name
        (operator_name) @name
        (destructor_name) @name
        (qualified_identifier
          name: [(identifier) (operator_name) (destructor_name)] @name) @scope
        (qualified_identifier
          name: (qualified_identifier
            name: [(identifier) (operator_name) (destructor_name)] @name)) @scope
        (qualified_identifier
          name: (qualified_identifier
            name: (qualified_identifier
              name: [(identifier) (operator_name) (destructor_name)] @name))) @scope
      ])
    ; T *f(), T &f(): the same names under a pointer or reference
    (_
      (function_declarator
        declarator: [
          (identifier) @name
          (field_identifier) @name
          (operator_name) @name
          (qualified_identifier
            name: [(identifier) (operator_name)] @name) @scope
          (qualified_identifier
            name: (qualified_identifier
              name: [(identifier) (operator_name)] @name)) @scope
        ]))
  ]
  body: (_)? @body) @definition.function

; member functions declared in a class body: `T norm() const;`,
; `virtual void draw() = 0;`, `Vec &operator+=(const Vec &);`
(field_declaration
  declarator: [
    (function_declarator declarator: [(field_identifier) (operator_name)] @name)
    (_ (function_declarator declarator: [(field_identifier) (operator_name)] @name))
  ]) @definition.function

; constructors and destructors declared in a class body: `Vec();`, `~Vec();`
(field_declaration_list
  (declaration
    declarator: (function_declarator
      declarator: [(identifier) (destructor_name)] @name)) @definition.function)
(field_declaration_list
  (template_declaration
    (declaration
      declarator: (function_declarator
        declarator: (identifier) @name)) @definition.function))

; prototypes outside classes and function bodies
((declaration
   declarator: [
     (function_declarator declarator: [(identifier) (operator_name)] @name)
     (_ (function_declarator declarator: [(identifier) (operator_name)] @name))
   ]) @definition.prototype
 (#not-has-ancestor? @definition.prototype function_definition field_declaration_list))

; ---- classes, structs, unions, enums with a name and a body
; Declared together with a typedef, a variable or a field, the tag and the
; declared name are siblings with the whole declaration as range.

(class_specifier
  name: [(type_identifier) (template_type)] @name
  body: (field_declaration_list) @body) @definition.class
(struct_specifier
  name: [(type_identifier) (template_type)] @name
  body: (field_declaration_list) @body) @definition.struct
(union_specifier
  name: (type_identifier) @name
  body: (field_declaration_list) @body) @definition.union
(enum_specifier
  name: (type_identifier) @name
  body: (enumerator_list) @body) @definition.enum

(type_definition
  type: (class_specifier name: (type_identifier) @name body: (_))) @definition.class
(declaration
  type: (class_specifier name: (type_identifier) @name body: (_))) @definition.class
(field_declaration
  type: (class_specifier name: (type_identifier) @name body: (_))) @definition.class
(type_definition
  type: (struct_specifier name: (type_identifier) @name body: (_))) @definition.struct
(declaration
  type: (struct_specifier name: (type_identifier) @name body: (_))) @definition.struct
(field_declaration
  type: (struct_specifier name: (type_identifier) @name body: (_))) @definition.struct
(type_definition
  type: (union_specifier name: (type_identifier) @name body: (_))) @definition.union
(declaration
  type: (union_specifier name: (type_identifier) @name body: (_))) @definition.union
(field_declaration
  type: (union_specifier name: (type_identifier) @name body: (_))) @definition.union
(type_definition
  type: (enum_specifier name: (type_identifier) @name body: (_))) @definition.enum
(declaration
  type: (enum_specifier name: (type_identifier) @name body: (_))) @definition.enum
(field_declaration
  type: (enum_specifier name: (type_identifier) @name body: (_))) @definition.enum

(enumerator
  name: (identifier) @name) @definition.enum-member

; data members, one per declarator; the members of an anonymous struct or
; union member belong to the enclosing class
(field_declaration
  declarator: [
    (field_identifier) @name
    (pointer_declarator declarator: (field_identifier) @name)
    (pointer_declarator declarator: (pointer_declarator declarator: (field_identifier) @name))
    (reference_declarator (field_identifier) @name)
    (array_declarator declarator: (field_identifier) @name)
    (pointer_declarator declarator: (array_declarator declarator: (field_identifier) @name))
    (function_declarator
      declarator: (parenthesized_declarator
        (pointer_declarator declarator: (field_identifier) @name)))
  ]) @definition.field

; ---- variables outside function bodies, one per declarator

((declaration
   declarator: [
     (identifier) @name
     (pointer_declarator declarator: (identifier) @name)
     (reference_declarator (identifier) @name)
     (array_declarator declarator: (identifier) @name)
     (pointer_declarator declarator: (array_declarator declarator: (identifier) @name))
     (function_declarator
       declarator: (parenthesized_declarator
         (pointer_declarator declarator: (identifier) @name)))
     (init_declarator
       declarator: [
         (identifier) @name
         (pointer_declarator declarator: (identifier) @name)
         (reference_declarator (identifier) @name)
         (array_declarator declarator: (identifier) @name)
         (pointer_declarator declarator: (array_declarator declarator: (identifier) @name))
         (function_declarator
           declarator: (parenthesized_declarator
             (pointer_declarator declarator: (identifier) @name)))
       ])
   ]) @definition.variable
 (#not-has-ancestor? @definition.variable function_definition lambda_expression))

; a static data member defined outside its class: `int Server::count = 0;`
((declaration
   declarator: (init_declarator
     declarator: (qualified_identifier name: (identifier) @name) @scope)) @definition.variable
 (#not-has-ancestor? @definition.variable function_definition lambda_expression))

; ---- types

(type_definition
  type: [
    (class_specifier name: (type_identifier)? @tag body: (_) @body)
    (struct_specifier name: (type_identifier)? @tag body: (_) @body)
    (union_specifier name: (type_identifier)? @tag body: (_) @body)
    (enum_specifier name: (type_identifier)? @tag body: (_) @body)
  ]
  declarator: (type_identifier) @name
  (#not-eq? @name @tag)) @definition.type
(type_definition
  type: [
    (primitive_type) (sized_type_specifier) (type_identifier) (template_type)
    (qualified_identifier)
    (class_specifier !body) (struct_specifier !body) (union_specifier !body)
    (enum_specifier !body)
  ]
  declarator: [
    (type_identifier) @name
    (pointer_declarator declarator: (type_identifier) @name)
    (array_declarator declarator: (type_identifier) @name)
    (function_declarator
      declarator: (parenthesized_declarator
        (pointer_declarator declarator: (type_identifier) @name)))
    (function_declarator declarator: (type_identifier) @name)
  ]) @definition.type

; using Point = Vec<double>;
(alias_declaration
  name: (type_identifier) @name) @definition.type

; a concept names a set of types (there is no kind of its own)
(concept_definition
  name: (identifier) @name) @definition.type

; ---- macros

(preproc_def name: (identifier) @name) @definition.macro
(preproc_function_def
  name: (identifier) @name
  value: (preproc_arg)? @body) @definition.macro
