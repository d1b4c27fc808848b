;;; check-emacs.el --- tests/editors/check-emacs.sh runs this in emacs --batch  -*- lexical-binding: t; -*-
;; Prints one line per check: "pass" or "fail: why".
(require 'dxp-mode)

(defun check (ok why) (princ (if ok "pass\n" (format "fail: %s\n" why))))

(defconst faces
  '(("declaration" font-lock-keyword-face) ("control" font-lock-keyword-face)
    ("property" font-lock-builtin-face) ("boolean" font-lock-constant-face)
    ("state" dxp-state-face) ("year" dxp-year-face) ("point" dxp-year-face)
    ("number" dxp-number-face) ("unit" font-lock-type-face)
    ("comment" font-lock-comment-face font-lock-comment-delimiter-face)
    ("string" font-lock-string-face)))

(let ((auto (assoc-default "plan.dxp" auto-mode-alist #'string-match)))
  (check (eq auto 'dxp-mode) (format ".dxp files open in %s" auto)))

(with-temp-buffer
  (insert-file-contents (expand-file-name "tests/editors/forms.tsv"))
  (let ((rows (seq-filter (lambda (l) (and (> (length l) 0) (not (string-prefix-p "#" l))))
                          (split-string (buffer-string) "\n"))))
    (dolist (row rows)
      (let* ((cols (split-string row "\t")) (category (nth 0 cols)) (line (nth 1 cols)) (token (nth 2 cols)))
        (with-temp-buffer
          (dxp-mode)
          (insert line "\n")
          (font-lock-ensure)
          (goto-char (point-min))
          (search-forward token)
          (let* ((face (get-text-property (match-beginning 0) 'face))
                 (face (if (listp face) (car face) face)))
            (check (memq face (cdr (assoc category faces)))
                   (format "'%s' in '%s' is %s, expected %s" token line face category))))))))

(with-temp-buffer
  (dxp-mode)
  (insert "kpi k \"x\" {\nunit 件\n  target {\nR6: 1\n}\n}\n")
  (indent-region (point-min) (point-max))
  (check (equal (buffer-string) "kpi k \"x\" {\n  unit 件\n  target {\n    R6: 1\n  }\n}\n")
         (format "indentation: %S" (buffer-string)))
  (check (string-prefix-p "dxp lint --format gcc" compile-command) (format "compile-command %s" compile-command)))

(with-temp-buffer
  (insert "plan.dxp:4:29: error: unknown goal '県明' [DXP303]\n")
  (compilation-mode)
  (compilation--ensure-parse (point-max))
  (let ((msg (get-text-property (point-min) 'compilation-message)))
    (check msg "compile does not recognise a dxp lint --format gcc line")))

(when (executable-find dxp-program)
  (with-temp-buffer
    (dxp-mode)
    (insert "kpi  k \"x\" {unit 件}\n")
    (dxp-format-buffer)
    (check (equal (buffer-string) "kpi k \"x\" { unit 件 }\n") (format "dxp-format-buffer: %S" (buffer-string)))))
