; 档案管家 Archivist: per-user installer for the PyInstaller one-dir bundle (no admin rights).
;   makensis -DSRCDIR=<dist/Archivist> -DVERSION=0.1.0 -DOUTFILE=<Archivist-0.1.0-setup.exe> installer.nsi
; Optional: -DCOMPRESSOR=zlib (faster build, bigger file; the default is solid LZMA).
; Silent use:   setup.exe /S [/NOOCR|/OCR] [/D=C:\path]        Uninstall.exe /S [/DELETEDATA]
; OCR: when the bundle has _internal\_ocr (archivist.spec), it is the optional section
; "文字识别（OCR）", on by default; an upgrade keeps the last choice (HKCU\Software\Archivist, OCR)
; unless /OCR or /NOOCR says otherwise. The program section removes the whole old _internal\
; first, so an upgrade never leaves half a component; without the folder the program hides OCR.
; The archive (database, index, files) lives in %LOCALAPPDATA%\Archivist, never in the install
; folder, so upgrades replace the program only and uninstalling keeps the archive unless asked.
Unicode true
Target amd64-unicode          ; 64-bit stub: the app is x64 anyway, and it runs under wine64 alone
ManifestDPIAware true

!ifndef VERSION
  !define VERSION 0.1.0
!endif
!ifndef SRCDIR
  !error "pass -DSRCDIR=<folder of the one-dir bundle>"
!endif
!ifndef OUTFILE
  !define OUTFILE "Archivist-${VERSION}-setup.exe"
!endif
!ifndef COMPRESSOR
  !define COMPRESSOR lzma
!endif
!define APPKEY "Archivist"                       ; folder and registry key names (ASCII)
!define APPNAME "档案管家 Archivist"               ; what the user sees
!define SHORTNAME "档案管家"
!define PUBLISHER "档案管家 Archivist 项目"
!define GUIEXE "Archivist.exe"
!define CLIEXE "archivist-cli.exe"
!define UNINSTKEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\${APPKEY}"
!define SETTINGSKEY "Software\${APPKEY}"
!define OCRDIR "_internal\_ocr"
!if /FileExists "${SRCDIR}\_internal\_ocr\rapidocr\*"
  !define WITH_OCR
!endif
!ifndef ICONFILE
  !define ICONFILE "../resources/icons/archivist.ico"   ; makensis runs in this folder
!endif
!define WELCOMEBMP "installer-welcome.bmp"   ; drawn by make_icon.py

Name "${APPNAME}"
OutFile "${OUTFILE}"
RequestExecutionLevel user    ; no UAC prompt: everything goes under the user's own profile
InstallDir "$LOCALAPPDATA\Programs\${APPKEY}"
InstallDirRegKey HKCU "${SETTINGSKEY}" "InstallDir"   ; an upgrade goes where the last install went
SetCompressor /SOLID ${COMPRESSOR}
BrandingText "${APPNAME} ${VERSION}"

!include "MUI2.nsh"
!include "FileFunc.nsh"
!include "LogicLib.nsh"
!include "Sections.nsh"

!define MUI_ICON "${ICONFILE}"
!define MUI_UNICON "${ICONFILE}"
!define MUI_WELCOMEFINISHPAGE_BITMAP "${WELCOMEBMP}"
!define MUI_ABORTWARNING
!define MUI_COMPONENTSPAGE_NODESC
!define MUI_FINISHPAGE_RUN "$INSTDIR\${GUIEXE}"
!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_COMPONENTS
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!define MUI_COMPONENTSPAGE_TEXT_TOP "$(UN_COMPONENTS_TOP)"
!insertmacro MUI_UNPAGE_COMPONENTS                ; holds the "also delete my archive" box
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "SimpChinese"           ; first = default when the system language is neither
!insertmacro MUI_LANGUAGE "English"

LangString SEC_PROGRAM ${LANG_SIMPCHINESE} "档案管家程序（必需）"
LangString SEC_PROGRAM ${LANG_ENGLISH} "Archivist program (required)"
LangString SEC_OCR ${LANG_SIMPCHINESE} "文字识别（OCR）"
LangString SEC_OCR ${LANG_ENGLISH} "Text recognition (OCR)"
LangString SEC_DESKTOP ${LANG_SIMPCHINESE} "桌面快捷方式"
LangString SEC_DESKTOP ${LANG_ENGLISH} "Desktop shortcut"
LangString SEC_UNPROGRAM ${LANG_SIMPCHINESE} "删除档案管家程序"
LangString SEC_UNPROGRAM ${LANG_ENGLISH} "Remove the Archivist program"
LangString SEC_UNDATA ${LANG_SIMPCHINESE} "同时删除我的档案库（所有已导入的档案，无法恢复）"
LangString SEC_UNDATA ${LANG_ENGLISH} "Also delete my archive (all imported documents, cannot be undone)"
LangString UN_COMPONENTS_TOP ${LANG_SIMPCHINESE} "您的档案库位于 $DataDir。默认保留，重新安装后可继续使用；只有勾选下面第二项才会删除。"
LangString UN_COMPONENTS_TOP ${LANG_ENGLISH} "Your archive is in $DataDir. It is kept (a reinstall uses it again) unless you tick the second box."
LangString MSG_RUNNING ${LANG_SIMPCHINESE} "档案管家正在运行。请先关闭它，然后点击“重试”。"
LangString MSG_RUNNING ${LANG_ENGLISH} "Archivist is running. Close it, then click Retry."
LangString MSG_DATAKEPT ${LANG_SIMPCHINESE} "您的档案库保留在："
LangString MSG_DATAKEPT ${LANG_ENGLISH} "Your archive is kept in:"

VIProductVersion "${VERSION}.0"
VIAddVersionKey /LANG=${LANG_SIMPCHINESE} "ProductName" "${APPNAME}"
VIAddVersionKey /LANG=${LANG_SIMPCHINESE} "CompanyName" "${PUBLISHER}"
VIAddVersionKey /LANG=${LANG_SIMPCHINESE} "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=${LANG_SIMPCHINESE} "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=${LANG_SIMPCHINESE} "FileDescription" "${APPNAME} 安装程序"
VIAddVersionKey /LANG=${LANG_SIMPCHINESE} "LegalCopyright" "${PUBLISHER}"

Var DataDir   ; the archive folder: platformdirs.user_data_dir("Archivist", appauthor=False)

; Wait until a program file can be replaced: a running Archivist.exe is locked on Windows.
!macro WAIT_FILE_FREE UN
Function ${UN}WaitFileFree   ; (path on the stack)
  Exch $2
  IfFileExists $2 0 done
  retry:
    ClearErrors
    FileOpen $0 $2 a
    IfErrors 0 free
    MessageBox MB_RETRYCANCEL|MB_ICONEXCLAMATION "$(MSG_RUNNING)" /SD IDCANCEL IDRETRY retry
    Abort
  free:
    FileClose $0
  done:
  Pop $2
FunctionEnd
!macroend
!insertmacro WAIT_FILE_FREE ""
!insertmacro WAIT_FILE_FREE "un."


Section "!$(SEC_PROGRAM)" SecProgram
  SectionIn RO
  Push "$INSTDIR\${GUIEXE}"
  Call WaitFileFree
  Push "$INSTDIR\${CLIEXE}"
  Call WaitFileFree
  ; Upgrade in place: drop the old bundle first so no stale library from an older version is loaded.
  RMDir /r "$INSTDIR\_internal"
  Delete "$INSTDIR\${GUIEXE}"
  Delete "$INSTDIR\${CLIEXE}"
  SetOutPath "$INSTDIR"
  File /r /x _ocr "${SRCDIR}/*"   ; the OCR folder is the next section's
  WriteUninstaller "$INSTDIR\Uninstall.exe"
  CreateShortcut "$SMPROGRAMS\${SHORTNAME}.lnk" "$INSTDIR\${GUIEXE}" "" "$INSTDIR\${GUIEXE}" 0 \
    SW_SHOWNORMAL "" "${APPNAME}"
  WriteRegStr HKCU "${SETTINGSKEY}" "InstallDir" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTKEY}" "DisplayName" "${APPNAME}"
  WriteRegStr HKCU "${UNINSTKEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINSTKEY}" "Publisher" "${PUBLISHER}"
  WriteRegStr HKCU "${UNINSTKEY}" "DisplayIcon" "$INSTDIR\${GUIEXE},0"
  WriteRegStr HKCU "${UNINSTKEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTKEY}" "UninstallString" '"$INSTDIR\Uninstall.exe"'
  WriteRegStr HKCU "${UNINSTKEY}" "QuietUninstallString" '"$INSTDIR\Uninstall.exe" /S'
  WriteRegDWORD HKCU "${UNINSTKEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINSTKEY}" "NoRepair" 1
SectionEnd

!ifdef WITH_OCR
Section "$(SEC_OCR)" SecOCR
  SetOutPath "$INSTDIR\${OCRDIR}"
  File /r "${SRCDIR}/_internal/_ocr/*"
SectionEnd
!endif

Section "$(SEC_DESKTOP)" SecDesktop
  CreateShortcut "$DESKTOP\${SHORTNAME}.lnk" "$INSTDIR\${GUIEXE}" "" "$INSTDIR\${GUIEXE}" 0 \
    SW_SHOWNORMAL "" "${APPNAME}"
SectionEnd

Section "-Finish"   ; hidden, last: what was installed, for Windows and the next upgrade
  !ifdef WITH_OCR
    ${If} ${SectionIsSelected} ${SecOCR}
      WriteRegDWORD HKCU "${SETTINGSKEY}" "OCR" 1
    ${Else}
      WriteRegDWORD HKCU "${SETTINGSKEY}" "OCR" 0
    ${EndIf}
  !endif
  SetOutPath "$INSTDIR"   ; not inside a folder that may be removed by the next upgrade
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  WriteRegDWORD HKCU "${UNINSTKEY}" "EstimatedSize" "$0"
SectionEnd

; After the sections: it refers to their numbers.
Function .onInit
  SetShellVarContext current
  !ifdef WITH_OCR
    ; the last install's choice, then the command line (the only way to choose when silent)
    ClearErrors
    ReadRegDWORD $0 HKCU "${SETTINGSKEY}" "OCR"
    ${IfNot} ${Errors}
    ${AndIf} $0 == 0
      !insertmacro UnselectSection ${SecOCR}
    ${EndIf}
    ${GetParameters} $1
    ClearErrors
    ${GetOptions} $1 "/NOOCR" $2
    ${IfNot} ${Errors}
      !insertmacro UnselectSection ${SecOCR}
    ${EndIf}
    ClearErrors
    ${GetOptions} $1 "/OCR" $2
    ${IfNot} ${Errors}
      !insertmacro SelectSection ${SecOCR}
    ${EndIf}
  !endif
FunctionEnd

; ------------------------------------------------------------------------------- uninstaller

Section "!un.$(SEC_UNPROGRAM)" SecUnProgram
  SectionIn RO
  Push "$INSTDIR\${GUIEXE}"
  Call un.WaitFileFree
  Push "$INSTDIR\${CLIEXE}"
  Call un.WaitFileFree
  Delete "$SMPROGRAMS\${SHORTNAME}.lnk"
  Delete "$DESKTOP\${SHORTNAME}.lnk"
  RMDir /r "$INSTDIR\_internal"
  Delete "$INSTDIR\${GUIEXE}"
  Delete "$INSTDIR\${CLIEXE}"
  Delete "$INSTDIR\Uninstall.exe"
  RMDir "$INSTDIR"   ; only when empty: a portable data\ folder someone put here survives
  DeleteRegKey HKCU "${UNINSTKEY}"
  DeleteRegKey HKCU "${SETTINGSKEY}"
SectionEnd

Section /o "un.$(SEC_UNDATA)" SecUnData
  RMDir /r "$DataDir"
SectionEnd

Function un.onInit
  SetShellVarContext current
  StrCpy $DataDir "$LOCALAPPDATA\${APPKEY}"
  ; /DELETEDATA on the command line ticks the "delete my archive" box (the only way when silent)
  ${GetParameters} $0
  ClearErrors
  ${GetOptions} $0 "/DELETEDATA" $1
  ${IfNot} ${Errors}
    !insertmacro SelectSection ${SecUnData}
  ${EndIf}
FunctionEnd

Function un.onUninstSuccess
  ${If} ${FileExists} "$DataDir\*.*"
  ${AndIfNot} ${Silent}
    MessageBox MB_OK|MB_ICONINFORMATION "$(MSG_DATAKEPT)$\r$\n$DataDir"
  ${EndIf}
FunctionEnd
