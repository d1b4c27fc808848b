;;; dxp-mode.el --- Major mode for dxp plan files (.dxp)  -*- lexical-binding: t; -*-

;; Version: 0.1.0
;; Package-Requires: ((emacs "26.1"))
;; Keywords: languages

;;; Commentary:

;; Plan files of IT/DX promotion plans (情報化推進ポリシー, DX推進計画).
;; Highlights every keyword, year form (R6, 令和6年度, FY2024 …), time
;; point, value state (調整中 …), number form and unit; M-x compile lints
;; the file (`dxp lint --format gcc'), and `dxp-format-buffer' formats it
;; with `dxp fmt'.  With eglot, `dxp lsp' gives diagnostics as you type,
;; hover, go to definition and the outline.
;;
;;   (add-to-list 'load-path "/path/to/dxp/editors/emacs")
;;   (require 'dxp-mode)

;;; Code:

(require 'compile)

(defgroup dxp nil "Plan files (.dxp)." :group 'languages)

(defcustom dxp-program "dxp"
  "The dxp program."
  :type 'string :group 'dxp)

(defconst dxp--digit "[0-9０-９]")
(defconst dxp--era-year
  (concat "\\(?:" dxp--digit "\\{1,3\\}\\|元\\)"))
(defconst dxp--year
  (concat "\\(?:[MTSHR]" dxp--era-year "\\(?:年度\\)?"
          "\\|\\(?:明治\\|大正\\|昭和\\|平成\\|令和\\)" dxp--era-year "年度"
          "\\|FY" dxp--digit "\\{4\\}\\|" dxp--digit "\\{4\\}年度\\)"))
(defconst dxp--point
  (concat "\\(?:[MTSHR]" dxp--era-year "\\." dxp--digit "\\{1,2\\}"
          "\\|" dxp--digit "\\{4\\}-" dxp--digit "\\{1,2\\}"
          "\\|\\(?:明治\\|大正\\|昭和\\|平成\\|令和\\)" dxp--era-year "年" dxp--digit "\\{1,2\\}月\\)"))
(defconst dxp--number
  (concat dxp--digit "+\\(?:," dxp--digit "+\\)*\\(?:\\." dxp--digit "+\\)?\\(?:万\\|億\\|兆\\)?[%％]?"))
(defconst dxp--units
  (regexp-opt '("件" "回" "箇所" "社" "法人" "経営体" "事業所" "店舗" "施設" "団体" "市町村" "地区" "校"
                "台" "端末" "枚" "ページ" "橋" "本" "個" "点" "事業" "手続" "データセット" "アドレス"
                "人泊" "人日" "人" "名" "百万円" "億円" "万円" "千円" "円" "時間" "日" "週" "月"
                "年度" "年" "kg" "トン")))
(defconst dxp--not-after "\\(?:^\\|[^[:alnum:]_.]\\|\\.\\.\\)"
  "What may stand before a year or number: not a name, nor the dot of R2.12.")

(defconst dxp-font-lock-keywords
  `(("「[^」\n]*」?" . font-lock-string-face)
    (,(concat "\\_<" (regexp-opt '("import" "plan" "goal" "measure" "kpi" "part" "data" "unit"
                                     "actuals" "revise" "rules" "extends")) "\\_>")
     . font-lock-keyword-face)
    (,(concat "\\_<" (regexp-opt '("period" "stage" "fiscal_year_start" "label" "note" "owner" "since"
                                     "flags" "budget" "direction" "baseline" "at" "target" "actual"
                                     "formula" "reference" "cumulative" "unbounded" "from")) "\\_>")
     . font-lock-builtin-face)
    (,(concat "\\_<" (regexp-opt '("if" "then" "else" "and" "or" "not")) "\\_>") . font-lock-keyword-face)
    (,(concat "\\_<" (regexp-opt '("true" "false")) "\\_>") . font-lock-constant-face)
    (,(concat dxp--year "から実施") . 'dxp-state-face)
    (,(concat (regexp-opt '("調整中" "検討中" "精査中" "未公表" "未計測" "把握困難" "なし" "新規" "—" "―"))
              "\\|\\_<" (regexp-opt '("pending" "reviewing" "unpublished" "unmeasured" "none" "new")) "\\_>")
     . 'dxp-state-face)
    ("\\_<unit[ \t]+\\([^ \t{}#\"=()\n]+\\)" 1 font-lock-type-face)
    (,(concat dxp--not-after "\\(" dxp--point "\\)") 1 'dxp-year-face)
    (,(concat dxp--not-after "\\(" dxp--year "\\)") 1 'dxp-year-face)
    (,(concat dxp--not-after "\\(" dxp--number "\\)\\(?:[ \t]*\\(" dxp--units "\\)\\)?")
     (1 'dxp-number-face) (2 font-lock-type-face nil t))
    ("\\(\\(?:\\sw\\|\\s_\\|\\.\\)+\\)[ \t]*[:：]" 1 font-lock-variable-name-face)))

(defface dxp-state-face '((t :inherit font-lock-warning-face))
  "Value states such as 調整中." :group 'dxp)
(defface dxp-year-face '((t :inherit font-lock-constant-face))
  "Fiscal years and time points." :group 'dxp)
(defface dxp-number-face '((t :inherit font-lock-constant-face))
  "Numbers." :group 'dxp)

(defvar dxp-mode-syntax-table
  (let ((table (make-syntax-table)))
    (modify-syntax-entry ?# "<" table)
    (modify-syntax-entry ?\n ">" table)
    (modify-syntax-entry ?\" "\"" table)
    (modify-syntax-entry ?\\ "\\" table)
    (modify-syntax-entry ?_ "_" table)
    (modify-syntax-entry ?「 "(」" table)
    (modify-syntax-entry ?」 ")「" table)
    table)
  "Syntax table for `dxp-mode'.")

(defun dxp-indent-line ()
  "Indent the current line by its nesting: two spaces a level."
  (interactive)
  (let ((depth (save-excursion (car (syntax-ppss (line-beginning-position))))))
    (save-excursion
      (back-to-indentation)
      (when (looking-at "[]})]") (setq depth (max 0 (1- depth))))
      (indent-line-to (* 2 depth))))
  (when (< (current-column) (current-indentation)) (back-to-indentation)))

(defun dxp-format-buffer ()
  "Format the buffer with `dxp fmt'; a buffer that does not parse is left alone."
  (interactive)
  (let ((out (generate-new-buffer " *dxp fmt*"))
        (point (point)))
    (unwind-protect
        (if (zerop (call-process-region (point-min) (point-max) dxp-program nil (list out nil) nil "fmt" "-"))
            (progn (replace-buffer-contents out) (goto-char (min point (point-max))))
          (message "dxp fmt: the plan does not parse; M-x compile shows why"))
      (kill-buffer out))))

;;;###autoload
(define-derived-mode dxp-mode prog-mode "dxp"
  "Major mode for dxp plan files."
  (setq-local comment-start "# ")
  (setq-local comment-start-skip "#+[ \t]*")
  (setq-local indent-line-function #'dxp-indent-line)
  (setq-local indent-tabs-mode nil)
  (setq-local font-lock-defaults '(dxp-font-lock-keywords))
  (setq-local compile-command
              (concat dxp-program " lint --format gcc "
                      (when buffer-file-name (shell-quote-argument (file-name-nondirectory buffer-file-name))))))

;;;###autoload
(add-to-list 'auto-mode-alist '("\\.dxp\\'" . dxp-mode))

(with-eval-after-load 'eglot
  (defvar eglot-server-programs)
  (add-to-list 'eglot-server-programs `(dxp-mode . (,dxp-program "lsp"))))

(provide 'dxp-mode)
;;; dxp-mode.el ends here
