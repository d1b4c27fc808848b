" dxp plan files
autocmd BufRead,BufNewFile *.dxp setfiletype dxp
