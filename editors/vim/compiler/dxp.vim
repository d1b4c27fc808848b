" :make lints the current plan; findings go to the quickfix list.
" Columns are counted in bytes, as Vim counts them.
if exists('current_compiler')
  finish
endif
let current_compiler = 'dxp'
if exists(':CompilerSet') != 2
  command -nargs=* CompilerSet setlocal <args>
endif

CompilerSet makeprg=dxp\ lint\ --format\ gcc\ --column-unit=byte\ --color=never\ %
CompilerSet errorformat=%f:%l:%c:\ %trror:\ %m,%f:%l:%c:\ %tarning:\ %m,%f:%l:%c:\ %tote:\ %m,dxp:\ %trror:\ %m,%-G%.%#
