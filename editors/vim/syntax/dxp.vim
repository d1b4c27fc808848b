" Vim syntax file for dxp plan files (.dxp): IT/DX promotion plans.
" Highlights every keyword, year form (R6, 令和6年度, FY2024 …), time point,
" value state (調整中 …), number form (1,768, 13.1万, ５０％) and unit.
if exists('b:current_syntax')
  finish
endif
syntax case match

" names followed by a colon: keys of actuals, revise and rules entries
syntax match dxpKey "\%(\k\|\.\)\+\ze\s*[:：]"

syntax match dxpNumber "\<[0-9０-９]\+\%(,[0-9０-９]\+\)*\%(\.[0-9０-９]\+\)\=\%(万\|億\|兆\)\=[%％]\="
syntax match dxpYear "\<\%([MTSHR]\%([0-9０-９]\{1,3}\|元\)\%(年度\)\=\|\%(明治\|大正\|昭和\|平成\|令和\)\%([0-9０-９]\{1,3}\|元\)年度\|FY[0-9０-９]\{4}\|[0-9０-９]\{4}年度\)"
syntax match dxpPoint "\<\%([MTSHR]\%([0-9０-９]\{1,3}\|元\)\.[0-9０-９]\{1,2}\|[0-9０-９]\{4}-[0-9０-９]\{1,2}\|\%(明治\|大正\|昭和\|平成\|令和\)\%([0-9０-９]\{1,3}\|元\)年[0-9０-９]\{1,2}月\)"

" units: after `unit`, and the standard library's after a number
syntax match dxpUnit "\%(\<unit\s\+\)\@<=[^ \t{}#\"=()]\+"
syntax match dxpUnit "\%([0-9０-９%％]\s*\)\@<=\%(件\|回\|箇所\|社\|法人\|経営体\|事業所\|店舗\|施設\|団体\|市町村\|地区\|校\|台\|端末\|枚\|ページ\|橋\|本\|個\|点\|事業\|手続\|データセット\|アドレス\|人泊\|人日\|人\|名\|百万円\|億円\|万円\|千円\|円\|時間\|日\|週\|月\|年度\|年\|kg\|トン\)"

syntax match dxpState "\%(調整中\|検討中\|精査中\|未公表\|未計測\|把握困難\|なし\|新規\|—\|―\)"
syntax match dxpState "\<\%(pending\|reviewing\|unpublished\|unmeasured\|none\|new\)\>"
syntax match dxpState "\%([MTSHR]\%([0-9０-９]\{1,3}\|元\)\%(年度\)\=\|\%(明治\|大正\|昭和\|平成\|令和\)\%([0-9０-９]\{1,3}\|元\)年度\|FY[0-9０-９]\{4}\|[0-9０-９]\{4}年度\)から実施"

syntax keyword dxpDeclaration import plan goal measure kpi part data unit actuals revise rules extends
syntax keyword dxpProperty period stage fiscal_year_start label note owner since flags budget direction
syntax keyword dxpProperty baseline at target actual formula reference cumulative unbounded from
syntax keyword dxpControl if then else and or not
syntax keyword dxpBoolean true false

syntax match dxpOperator "\.\.\|[〜～~]\|<=\|>=\|==\|!=\|[≦≧≠]"

syntax region dxpString start=+"+ skip=+\\.+ end=+"+ end=+$+ contains=dxpEscape oneline
syntax region dxpString start=+「+ end=+」+ end=+$+ oneline
syntax match dxpEscape "\\." contained

syntax match dxpDirective "dxp:\s*allow\>.*" contained
syntax match dxpComment "#.*$" contains=dxpDirective,dxpTodo
syntax keyword dxpTodo TODO FIXME XXX contained

highlight default link dxpKey Identifier
highlight default link dxpNumber Number
highlight default link dxpYear Constant
highlight default link dxpPoint Constant
highlight default link dxpUnit Type
highlight default link dxpState Special
highlight default link dxpDeclaration Statement
highlight default link dxpProperty Keyword
highlight default link dxpControl Conditional
highlight default link dxpBoolean Boolean
highlight default link dxpOperator Operator
highlight default link dxpString String
highlight default link dxpEscape SpecialChar
highlight default link dxpComment Comment
highlight default link dxpDirective PreProc
highlight default link dxpTodo Todo

let b:current_syntax = 'dxp'
