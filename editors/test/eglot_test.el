;;; eglot_test.el --- Emacs + eglot against cable-ls, with the README's snippet  -*- lexical-binding: t -*-
;;
;;   emacs --batch -l eglot_test.el README WORKSPACE
;;
;; Evaluates the first ```elisp block of the "## Emacs" section of README
;; (editors/README.md), opens a seed cable of WORKSPACE, connects eglot and
;; checks the outline (imenu), hovers and diagnostics. `cable-ls' must be on
;; PATH. One `ok - ...' / `not ok - ...' line per check on stdout.

(require 'eglot)
(require 'subr-x)

(defvar cable-test-failures 0)

(defun cable-test-out (text)
  (princ (concat text "\n")))

(defun cable-test-check (ok name &optional got)
  (unless ok (setq cable-test-failures (1+ cable-test-failures)))
  (cable-test-out (format "%s - emacs eglot: %s%s" (if ok "ok" "not ok") name
                          (if (and (not ok) got) (format " (got %S)" got) ""))))

(defun cable-test-snippet (readme)
  "The first elisp block after the \"## Emacs\" heading of README."
  (with-temp-buffer
    (insert-file-contents readme)
    (goto-char (point-min))
    (re-search-forward "^## Emacs")
    (re-search-forward "^```elisp\n")
    (let ((start (point)))
      (re-search-forward "^```$")
      (buffer-substring-no-properties start (match-beginning 0)))))

(defun cable-test-wait (pred seconds)
  "Runs the event loop until PRED returns non-nil or SECONDS pass; returns PRED's value."
  (let ((end (+ (float-time) seconds)) value)
    (while (and (not (setq value (funcall pred))) (< (float-time) end))
      (accept-process-output nil 0.05))
    value))

(defun cable-test-imenu-names (index)
  "Names of an imenu INDEX, nested lists for sub-menus."
  (mapcar (lambda (item)
            (if (imenu--subalist-p item)
                (cons (car item) (cable-test-imenu-names (cdr item)))
              (car item)))
          index))

(defun cable-test-children (names label)
  "The children of the imenu entry LABEL (or `ROOT::LABEL') in NAMES, at any depth."
  (catch 'found
    (let ((walk nil))
      (setq walk (lambda (items)
                   (dolist (item items)
                     (when (consp item)
                       (when (and (stringp (car item))
                                  (or (equal (car item) label)
                                      (string-suffix-p (concat "::" label) (car item))))
                         (throw 'found (seq-filter #'stringp (cdr item))))
                       (funcall walk (cdr item))))))
      (funcall walk names)
      nil)))

(let* ((readme (nth 0 command-line-args-left))
       (ws (nth 1 command-line-args-left))
       (snippet (cable-test-snippet readme)))
  (setq command-line-args-left nil)
  (cable-test-out (format "# emacs %s, eglot from %s" emacs-version (locate-library "eglot")))
  (eval (car (read-from-string (concat "(progn " snippet "\n)"))) t)
  (find-file (expand-file-name "000_2fe200cbb93dc52e.txt" ws))
  (cable-test-check (eq major-mode 'cable-mode)
                    "the .txt seed opens in cable-mode (magic-mode-alist on its first lines)" major-mode)
  ;; `eglot-ensure' (the snippet's hook) connects from the command loop, which
  ;; batch mode does not run: connect the same way, synchronously.
  (apply #'eglot (eglot--guess-contact))
  (let ((server (eglot-current-server)))
    (cable-test-check (and server (equal (plist-get (eglot--server-info server) :name) "cable-ls"))
                      "eglot connected to cable-ls (command from eglot-server-programs)")
    (when server
      ;; Outline through imenu (eglot-imenu).
      (let* ((index (cable-test-wait (lambda () (ignore-errors (funcall imenu-create-index-function))) 10))
             (names (cable-test-imenu-names index))
             (flat (flatten-tree names)))
        (cable-test-out (format "# imenu: %S" names))
        ;; eglot 1.9 groups the symbols by kind; later versions nest them.
        (let ((root "08ROME104 — KOSOVO: ITALIANS MAY NOT SEEK TO DELAY COORDINATED DECLARATION OF INDEPENDENCE"))
          (cable-test-check (member root flat) (format "imenu lists the cable %S" root) flat)
          (dolist (group '(("Transmission" "Transmission id" "Routing" "DE" "ZNY" "DTG" "FM")
                           ("Captions" "E.O." "TAGS" "SUBJECT" "REF" "Classified By")))
            (let ((children (cable-test-children names (car group))))
              (cable-test-check (equal children (cdr group))
                                (format "imenu %s: %s" (car group) (string-join (cdr group) ", "))
                                children)))
          (let ((paragraphs (seq-filter (lambda (n) (string-prefix-p "¶" n)) flat)))
            (cable-test-check (equal paragraphs '("¶1 (C) The GOI is backing away from…"
                                                  "¶2 (C) However, on January 24, Raimondo De…"
                                                  "¶3 (C) De Cardona noted that one positive…"))
                              "imenu paragraphs: ¶1 (C) The GOI is backing away from…, ¶2 …, ¶3 …"
                              paragraphs))
          (cable-test-check (and (member "Addressees" flat) (member "Signature" flat)
                                 (member "AMEMBASSY BELGRADE" flat))
                            "imenu lists Addressees (AMEMBASSY BELGRADE …) and Signature" flat)))
      ;; Hover at point on the TAGS code PREL (line 35) and on RUEHRO (line 5).
      (cl-flet ((hover-at (line col)
                  (goto-char (point-min))
                  (forward-line (1- line))
                  (forward-char col)
                  (let ((h (jsonrpc-request server :textDocument/hover
                                            (eglot--TextDocumentPositionParams))))
                    (list (plist-get (plist-get h :contents) :value)
                          (ignore-errors (eglot--hover-info (plist-get h :contents)
                                                            (plist-get h :range)))))))
        (pcase-let ((`(,raw ,shown) (hover-at 35 8)))
          (cable-test-out (format "# hover PREL: %s" (replace-regexp-in-string "\n" "\\\\n" (or shown ""))))
          (cable-test-check (equal raw "**PREL** · subject tag\n\nExternal political relations")
                            "hover on TAGS code PREL: \"**PREL** · subject tag / External political relations\"" raw)
          (cable-test-check (and shown (string-match-p "External political relations" shown))
                            "eglot renders the PREL hover text" shown))
        (pcase-let ((`(,raw ,_) (hover-at 5 4)))
          (cable-test-check (equal raw "**RUEHRO** · routing indicator\n\nAMEMBASSY ROME")
                            "hover on routing indicator RUEHRO: \"AMEMBASSY ROME\"" raw)))
      ;; Diagnostics through Flymake.
      (let* ((want '("TAGS code written as a Markdown link `[KV](#)`; expected `KV`"
                     "TAGS code written as a Markdown link `[PGOV](#)`; expected `PGOV`"
                     "TAGS code written as a Markdown link `[PREL](#)`; expected `PREL`"
                     "TAGS code written as a Markdown link `[SR](#)`; expected `SR`"
                     "paragraph marker `11.` has its pilcrow turned into the digit 1; expected `¶1.`"
                     "paragraph marker `12.` has its pilcrow turned into the digit 1; expected `¶2.`"
                     "paragraph marker `13.` has its pilcrow turned into the digit 1; expected `¶3.`"))
             (texts nil))
        (cable-test-wait (lambda ()
                           (setq texts (sort (mapcar (lambda (d)
                                                       (replace-regexp-in-string
                                                        "\\`[A-Za-z0-9-]+ \\[[A-Z][0-9]+\\]: \\|\\`\\[[A-Z][0-9]+\\] " ""
                                                        (flymake-diagnostic-text d)))
                                                     (flymake-diagnostics))
                                             #'string<))
                           (equal texts want))
                         15)
        (cable-test-check (equal texts want)
                          "Flymake shows the 7 diagnostics of the seed (4 T005, 3 P002)" texts))
      (ignore-errors (eglot-shutdown server)))))

(cable-test-out (format "# emacs eglot: %d failed" cable-test-failures))
(kill-emacs (if (zerop cable-test-failures) 0 1))
