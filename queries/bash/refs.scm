; Bash references for `graft refs` (see include/graft/symbols.h).
;
; call:   every command name (`deploy "$@"`, `log x | grep y`, `$(f)`): a
;         function of the script or any other command; and a function
;         handed to `trap f EXIT`, `command f`, `exec f`, `nohup f`,
;         `xargs f`, `sudo f` by name
; type:   none
; import: none. `source lib.sh` and `. lib.sh` name a path, not a name.
; name:   every variable: uses (`$X`, `${X}`, `${X[@]}`, `${#X}`, `$((X+1))`,
;         `(( X++ ))`), assignments (`X=1`, `local X`, `for X in`; a
;         top-level assignment is a symbol, left out), `unset X`,
;         `export X`, `declare -f f`, and the variables `read` fills
;         (`read -r line`).

; ---- calls

(command
  name: (command_name (word) @name)) @reference.call

(command
  name: (command_name (word) @_command)
  .
  argument: (word) @name @reference.call
  (#any-of? @_command "trap" "command" "exec" "nohup" "xargs" "sudo")
  (#match? @name "^[A-Za-z_][A-Za-z0-9_:.-]*$"))

; ---- every other use

(variable_name) @name @reference.name

(command
  name: (command_name (word) @_command)
  argument: (word) @name @reference.name
  (#eq? @_command "read")
  (#match? @name "^[A-Za-z_][A-Za-z0-9_]*$"))
