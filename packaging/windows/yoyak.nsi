; yoyak.nsi — Yoyak's Windows installer (NSIS 3, Unicode), built by
; packaging/package-windows.sh, which passes:
;   APP_ID APP_NAME VERSION VERSION4  the app's identity (from FyneApp.toml)
;   SRC   the unpacked bundle folder (yoyak.exe, yoyak-cli.exe, runtime\...)
;   OUT   the installer to write
;
; Installs for the current user only (no administrator rights): the program
; folder under %LOCALAPPDATA%\Programs, a Start-menu entry, "Open with" entries
; for the transcript types (the user's default programs are left alone), and an
; uninstaller listed in Settings → Apps.

; A 64-bit installer: Yoyak runs on x64 Windows only, and a 32-bit one cannot run
; under the 64-bit-only Wine that CI tests it with (check-windows-wine.sh).
Target amd64-unicode
SetCompressor /SOLID lzma
RequestExecutionLevel user
ManifestDPIAware true

!include "MUI2.nsh"
!include "LogicLib.nsh"
!include "x64.nsh"

!define PROGID "Yoyak.Transcript"
!define UNINST_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\${APP_ID}"

Name "${APP_NAME}"
OutFile "${OUT}"
InstallDir "$LOCALAPPDATA\Programs\${APP_NAME}"
InstallDirRegKey HKCU "Software\${APP_ID}" "InstallDir"
BrandingText "${APP_NAME} ${VERSION}"

VIProductVersion "${VERSION4}"
VIAddVersionKey /LANG=1033 "ProductName" "${APP_NAME}"
VIAddVersionKey /LANG=1033 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=1033 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=1033 "FileDescription" "${APP_NAME} installer"
VIAddVersionKey /LANG=1033 "LegalCopyright" ""

!if /FileExists "${SRC}\yoyak.ico"
  !define MUI_ICON "${SRC}\yoyak.ico"
  !define MUI_UNICON "${SRC}\yoyak.ico"
!endif
!define MUI_ABORTWARNING
!define MUI_FINISHPAGE_RUN "$INSTDIR\yoyak.exe"

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "Korean"
!insertmacro MUI_LANGUAGE "English"

LangString VCRedistMissing ${LANG_KOREAN} "Yoyak의 llama.cpp 런타임에는 Microsoft Visual C++ 재배포 가능 패키지(Visual Studio 2015-2022, x64)가 필요합니다.$\r$\n이 컴퓨터에서 MSVCP140.dll을 찾지 못했습니다. 설치는 계속되지만, 요약하기 전에 Microsoft에서 해당 패키지를 설치하세요."
LangString VCRedistMissing ${LANG_ENGLISH} "Yoyak's llama.cpp runtime needs the Microsoft Visual C++ Redistributable for Visual Studio 2015-2022 (x64).$\r$\nMSVCP140.dll was not found on this computer. Installation continues, but install that package from Microsoft before summarizing."
LangString OpenWith ${LANG_KOREAN} "요약으로 열기"
LangString OpenWith ${LANG_ENGLISH} "Summarize with Yoyak"

Function .onInit
  ${IfNot} ${RunningX64}
    MessageBox MB_ICONSTOP "${APP_NAME} needs 64-bit Windows."
    Abort
  ${EndIf}
FunctionEnd

!macro AssociateExt EXT
  WriteRegStr HKCU "Software\Classes\${EXT}\OpenWithProgids" "${PROGID}" ""
  WriteRegStr HKCU "Software\Classes\Applications\yoyak.exe\SupportedTypes" "${EXT}" ""
!macroend
!macro UnassociateExt EXT
  DeleteRegValue HKCU "Software\Classes\${EXT}\OpenWithProgids" "${PROGID}"
!macroend

Section "Install"
  SetOutPath "$INSTDIR"
  ; Replace an earlier runtime completely, so no stale DLL is left beside new ones.
  RMDir /r "$INSTDIR\runtime"
  File /r "${SRC}\*.*"
  WriteUninstaller "$INSTDIR\uninstall.exe"

  CreateShortcut "$SMPROGRAMS\${APP_NAME}.lnk" "$INSTDIR\yoyak.exe"

  ; "Open with" for the transcript types, without taking over their defaults.
  WriteRegStr HKCU "Software\Classes\${PROGID}" "" "${APP_NAME} transcript"
  WriteRegStr HKCU "Software\Classes\${PROGID}\DefaultIcon" "" "$INSTDIR\yoyak.exe,0"
  WriteRegStr HKCU "Software\Classes\${PROGID}\shell\open" "" "$(OpenWith)"
  WriteRegStr HKCU "Software\Classes\${PROGID}\shell\open\command" "" '"$INSTDIR\yoyak.exe" "%1"'
  WriteRegStr HKCU "Software\Classes\Applications\yoyak.exe" "FriendlyAppName" "${APP_NAME}"
  WriteRegStr HKCU "Software\Classes\Applications\yoyak.exe\shell\open\command" "" '"$INSTDIR\yoyak.exe" "%1"'
  !insertmacro AssociateExt ".txt"
  !insertmacro AssociateExt ".md"
  !insertmacro AssociateExt ".srt"
  !insertmacro AssociateExt ".vtt"
  !insertmacro AssociateExt ".docx"
  !insertmacro AssociateExt ".hwpx"
  System::Call 'shell32::SHChangeNotify(i 0x08000000, i 0, p 0, p 0)'

  WriteRegStr HKCU "Software\${APP_ID}" "InstallDir" "$INSTDIR"
  WriteRegStr HKCU "${UNINST_KEY}" "DisplayName" "${APP_NAME}"
  WriteRegStr HKCU "${UNINST_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINST_KEY}" "DisplayIcon" "$INSTDIR\yoyak.exe,0"
  WriteRegStr HKCU "${UNINST_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINST_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKCU "${UNINST_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKCU "${UNINST_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINST_KEY}" "NoRepair" 1

  ; The llama.cpp DLLs import MSVCP140/VCRUNTIME140: say how to get them if absent.
  ${DisableX64FSRedirection}
  ${IfNot} ${FileExists} "$SYSDIR\msvcp140.dll"
    MessageBox MB_ICONINFORMATION|MB_OK "$(VCRedistMissing)" /SD IDOK
  ${EndIf}
  ${EnableX64FSRedirection}
SectionEnd

Section "Uninstall"
  Delete "$SMPROGRAMS\${APP_NAME}.lnk"
  !insertmacro UnassociateExt ".txt"
  !insertmacro UnassociateExt ".md"
  !insertmacro UnassociateExt ".srt"
  !insertmacro UnassociateExt ".vtt"
  !insertmacro UnassociateExt ".docx"
  !insertmacro UnassociateExt ".hwpx"
  DeleteRegKey HKCU "Software\Classes\${PROGID}"
  DeleteRegKey HKCU "Software\Classes\Applications\yoyak.exe"
  DeleteRegKey HKCU "${UNINST_KEY}"
  DeleteRegKey HKCU "Software\${APP_ID}"
  System::Call 'shell32::SHChangeNotify(i 0x08000000, i 0, p 0, p 0)'

  RMDir /r "$INSTDIR\runtime"
  Delete "$INSTDIR\yoyak.exe"
  Delete "$INSTDIR\yoyak-cli.exe"
  Delete "$INSTDIR\yoyak.ico"
  Delete "$INSTDIR\README.txt"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
SectionEnd
