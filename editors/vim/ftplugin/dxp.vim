" dxp plan files: comments, formatting with dxp fmt, :make runs dxp lint.
if exists('b:did_ftplugin')
  finish
endif
let b:did_ftplugin = 1

setlocal commentstring=#\ %s comments=:#
setlocal expandtab shiftwidth=2 softtabstop=2
" gq formats with dxp fmt (the whole file: gggqG)
setlocal formatprg=dxp\ fmt\ -
compiler dxp

let b:undo_ftplugin = 'setlocal commentstring< comments< expandtab< shiftwidth< softtabstop< formatprg< makeprg< errorformat<'
