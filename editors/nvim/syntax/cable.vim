" Vim syntax file
" Language: diplomatic cable (State Department telegram, Cablegate format)
" The header lines (VZCZC, routing, DE, ZNY, date-time group, FM/TO/INFO),
" the classification banner and captions, E.O., TAGS, SUBJECT, REF,
" Classified By, paragraph markers with their portion markings, section page
" headers and the signature. cable-ls adds semantic tokens on top.

if exists('b:current_syntax')
  finish
endif

let s:cpo_save = &cpo
set cpo&vim

syn case match

" The signature: a surname alone on its line (SPOGLI, Spogli). Defined first
" so that captions, banners and headings on a line of their own win.
syn match cableSignature /^\s*\([A-Z][A-Z'-]\{2,}\|[A-Z][a-z]\+\([-'][A-Z][a-z]\+\)\=\)\s*$/

" FL1 transmission id
syn match cableTransmissionId /^\s*\zsVZCZC[A-Z0-9]\{3}\d\{3,4}\>/

" FL2 routing line: precedence prosign pair, routing indicators
syn match cableRoutingLine /^\s*\(ZZ\|OO\|PP\|RR\)\(\s\+R[A-Z]\{3,6}\)\+\s*$/ contains=cableProsign,cableRoutingIndicator
syn match cableProsign /^\s*\zs\(ZZ\|OO\|PP\|RR\)\ze\s/ contained
syn match cableRoutingIndicator /\<R[A-Z]\{3,6}\>/ contained

" FL3 DE line
syn match cableDeLine /^\s*DE\s\+R[A-Z]\{3,6}\s\+#\d\{3,4}\(\/\d\d\)\=\s\+\d\{7}\>/ contains=cableKeyword,cableRoutingIndicator,cableSerial,cableFilingTime
syn match cableSerial /#\d\{3,4}\(\/\d\d\)\=/ contained
syn match cableFilingTime /\<\d\{7}\>/ contained

" FL4 security line
syn match cableSecurityLine /^\s*ZN[YR]\s\+\(UUUUU\|CCCCC\|SSSSS\|TTTTT\)\s\+ZZH\>.*$/ contains=cableKeyword,cableSecurityLetters
syn match cableSecurityLetters /\<\(UUUUU\|CCCCC\|SSSSS\|TTTTT\)\>/ contained

" FL5 precedence and date-time group
syn match cableDtgLine /^\s*[ZOPR]\(\s\+[ZOPR]\)\=\s\+\d\{6}Z\s\+\(JAN\|FEB\|MAR\|APR\|MAY\|JUN\|JUL\|AUG\|SEP\|OCT\|NOV\|DEC\)\s\+\d\d\>/ contains=cablePrecedenceLetter,cableDtg
syn match cablePrecedenceLetter /^\s*\zs[ZOPR]\(\s\+[ZOPR]\)\=\ze\s\+\d/ contained
syn match cableDtg /\d\{6}Z\s\+\(JAN\|FEB\|MAR\|APR\|MAY\|JUN\|JUL\|AUG\|SEP\|OCT\|NOV\|DEC\)\s\+\d\d/ contained

" FL6-FL9 FM, TO, INFO, XMT and addressee continuation lines
syn match cableFmLine /^\s*FM\s\+.*$/ contains=cableKeyword
syn match cableAddressLine /^\s*\(\(TO\|INFO\|XMT\)\s\+\)\=R[A-Z]\{3,6}\/.*$/ contains=cableKeyword,cableAddressRI,cablePrecedenceWord,cableAddressSerial
syn match cableAddressLine /^\s*\(TO\|INFO\|XMT\)\s\+[A-Z].*$/ contains=cableKeyword,cableAddressRI,cablePrecedenceWord,cableAddressSerial
syn match cableAddressRI /\<R[A-Z]\{3,6}\ze\// contained
syn match cablePrecedenceWord /\<\(NIACT\s\+IMMEDIATE\|IMMEDIATE\|PRIORITY\|ROUTINE\|FLASH\)\>/ contained
syn match cableAddressSerial /\<\d\{4}\(-\d\{4}\)\=\s*$/ contained
syn keyword cableKeyword DE ZNY ZNR ZZH FM TO INFO XMT contained

" Classification banner: C O N F I D E N T I A L [SECTION 01 OF 02] ROME 000104
syn match cableBanner /\c^\s*\(C\s\=O\s\=N\s\=F\s\=I\s\=D\s\=E\s\=N\s\=T\s\=I\s\=A\s\=L\|S\s\=E\s\=C\s\=R\s\=E\s\=T\|T\s\=O\s\=P\s\+S\s\=E\s\=C\s\=R\s\=E\s\=T\|U\s\=N\s\=C\s\=L\s\=A\s\=S\s\=S\s\=I\s\=F\s\=I\s\=E\s\=D\|UNCLAS\)\(\s*\/\/\s*[A-Z]\+\)*\(\s\+SECTION\s\+\d\+\s\+OF\s\+\d\+\)\=\(\s\+[A-Z][A-Z .]\{-}\s\+\d\{5,8}\)\=\s*$/

" Captions on their own line
syn match cableCaption /\c^\s*\(SIPDIS\|NOFORN\|SENSITIVE\|EXDIS\|NODIS\|LIMDIS\|STADIS\|NOCONTRACT\|ORCON\|PROPIN\)\s*$/

" E.O. 12958: DECL: 01/31/2018
syn match cableEoLine /^\s*E\.\=\s\=O\.\=\s*\d\{4,5}.*$/ contains=cableEo,cableDecl,cableDate
syn match cableEo /^\s*\zsE\.\=\s\=O\.\=\s*\d\{4,5}/ contained
syn match cableDecl /\<\(DECL\|DNG\|Decl\)\>/ contained
syn match cableDate /\<\d\{1,4}[\/-]\d\{1,2}[\/-]\d\{2,4}\>\|N\/A/ contained

" TAGS: PREL PGOV SR KV (also [PREL](#) Markdown residue)
syn match cableTagsLine /^\s*\(TAGS\=\|Tags\):\=\s.*$/ contains=cableTagsKeyword,cableTag,cableLinkPunct
syn match cableTag /\<[A-Z][A-Z0-9]\{1,4}\>/ contained
syn match cableTagsKeyword /^\s*\zs\(TAGS\=\|Tags\):\=/ contained
syn match cableLinkPunct /\[\|\](#)/ contained

" SUBJECT: up to the next blank line
syn region cableSubject matchgroup=cableCaptionKeyword start=/^\s*\(SUBJECT\|Subject\|SUBJ\):/ end=/^\s*$/

" REF: A) ROME 94 B) ROME 71, up to the next blank line
syn region cableRef matchgroup=cableCaptionKeyword start=/^\s*\(REFS\=\|Ref\|REFTEL\):/ end=/^\s*$/ contains=cableRefLetter,cableRefId
syn match cableRefLetter /\(^\|\s\|:\)\zs[A-Z]\ze[).]\s\|(\zs[A-Z]\ze)/ contained
syn match cableRefId /\<[A-Z]\{3,}\( [A-Z]\{3,}\)\= \d\{1,6}\>\([\/0-9]\)\@!\(\s*(\d\d)\)\=/ contained

" Classified By: name, title, for reasons 1.4 (b) and (d).
syn region cableClassifiedBy matchgroup=cableCaptionKeyword start=/^\s*\(Classified [Bb]y\|CLASSIFIED BY\):\(\s*Classified [Bb]y:\=\)\=/ end=/^\s*$/ contains=cableReason
syn match cableReason /\<1\.[45]\s*\((\s\=[a-hA-H]\s\=)\|[a-hA-H]\>\)\(\(\s*\(,\|and\|AND\|\/\)\s*\|\s*\)\((\s\=[a-hA-H]\s\=)\|[a-hA-H]\>\)\)*/ contained

" Section page header: ROME 00001333 001.2 OF 002
syn match cablePageHeader /^\s*[A-Z][A-Z ]\{1,10}\s\+\d\{8}\s\+\d\{3}\(\.\d\)\=\s\+OF\s\+\d\{3}\>/

" Paragraph markers: ¶1. / 11. / [1](#)1. and the portion marking
syn match cableParagraph /^\s*\(¶\s\=\d\+\.\|\[\d\+\](#)\d\+\.\|\d\{1,3}\.\)\s*\((\([A-Z]\+\(\/\{1,2}[A-Z]\+\)*\))\)\=/ contains=cableParagraphMarker,cablePortion
syn match cableParagraphMarker /^\s*\zs\(¶\s\=\d\+\.\|\[\d\+\](#)\d\+\.\|\d\{1,3}\.\)/ contained
syn match cablePortion /(\([A-Z]\+\(\/\{1,2}[A-Z]\+\)*\))/ contained

" Section headings, and the end of message; both win over the signature
syn match cableHeading /\c^\s*\(\(begin\|end\)\s\+\)\=\(summary\|comment\|background\|action request\|introduction\|conclusion\|note\|text\|participants\|objectives\|overview\)[.:]\=\s*$/
syn match cableEndOfMessage /^\s*NNNN\s*$/

" The multi-line captions (SUBJECT, REF, Classified By) span a few lines.
syn sync minlines=20

hi def link cableTransmissionId   PreProc
hi def link cableProsign          StorageClass
hi def link cablePrecedenceLetter StorageClass
hi def link cablePrecedenceWord   StorageClass
hi def link cableRoutingIndicator Tag
hi def link cableAddressRI        Tag
hi def link cableSerial           Number
hi def link cableFilingTime       Number
hi def link cableAddressSerial    Number
hi def link cableSecurityLetters  Type
hi def link cableDtg              Number
hi def link cableKeyword          Keyword
hi def link cableBanner           Type
hi def link cableCaption          Special
hi def link cableEo               Keyword
hi def link cableDecl             Keyword
hi def link cableDate             Constant
hi def link cableTagsKeyword      Keyword
hi def link cableTag              Constant
hi def link cableLinkPunct        Delimiter
hi def link cableCaptionKeyword   Keyword
hi def link cableSubject          Title
hi def link cableRefLetter        Special
hi def link cableRefId            String
hi def link cableReason           Constant
hi def link cablePageHeader       Comment
hi def link cableParagraphMarker  Operator
hi def link cablePortion          Type
hi def link cableSignature        Identifier
hi def link cableHeading          Title
hi def link cableEndOfMessage     PreProc

let b:current_syntax = 'cable'

let &cpo = s:cpo_save
unlet s:cpo_save
