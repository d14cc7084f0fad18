; Windows installer of Thi đua Bắc Ninh (Inno Setup 6). Saved as UTF-8 with BOM.
;
; Build through installer/build.py on Windows (it runs PyInstaller, then this script with the version
; taken from desktop.__version__), or by hand after the PyInstaller build:
;   ISCC.exe /DAppVersion=0.1.0 /DSourceDir=dist\ThiDuaBacNinh /DOutputDir=dist installer\thidua.iss
; See installer/build_windows.md.
;
; What it does: a per-user install with no administrator rights into
; %LOCALAPPDATA%\Programs\ThiDuaBacNinh, Vietnamese wizard, Start-menu and desktop shortcuts, an
; uninstaller in "Apps & features". Upgrades install over the previous version (same AppId).
;
; The officer's data is never touched by install, upgrade or uninstall. It lives outside the program
; folder, in the per-user data folder chosen by desktop/shared/paths.py (platformdirs, APP_AUTHOR/APP_NAME):
;   %LOCALAPPDATA%\SoNoiVuBacNinh\ThiDuaBacNinh   (thidua.sqlite3, backups\, logs\, keys, the
;                                                  per-user secret that protects the signing key)
; Inno Setup only removes what it installed, and nothing below names that folder.

#ifndef AppVersion
  #error Pass the version: /DAppVersion=X.Y.Z (installer/build.py reads it from desktop/__init__.py)
#endif
#ifndef SourceDir
  #define SourceDir "..\dist\ThiDuaBacNinh"
#endif
#ifndef OutputDir
  #define OutputDir "..\dist"
#endif

#define AppName "Thi đua Bắc Ninh"
#define AppExe "thidua.exe"

[Setup]
; Never change AppId: it is how an upgrade finds the installed version.
AppId={{5E5C2957-FB1E-477C-BF28-E611FD2A2D0C}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=Sở Nội vụ tỉnh Bắc Ninh
AppComments=Phần mềm quản lý phong trào thi đua yêu nước cấp xã, phường
VersionInfoVersion={#AppVersion}
VersionInfoDescription=Cài đặt {#AppName}
; Per-user install, no UAC prompt; {autopf} is then %LOCALAPPDATA%\Programs.
; (installer/check_setup_wine.sh rewrites the DefaultDirName line for Wine, which lacks that folder ID.)
PrivilegesRequired=lowest
DefaultDirName={autopf}\ThiDuaBacNinh
UsePreviousAppDir=yes
DisableDirPage=auto
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
; The app must be closed before its files are replaced (Restart Manager asks the officer).
CloseApplications=yes
RestartApplications=no
SetupIconFile=..\resources\icons\thidua.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName}
WizardStyle=modern
ShowLanguageDialog=no
OutputDir={#OutputDir}
OutputBaseFilename=ThiDuaBacNinh-{#AppVersion}-setup
Compression=lzma2/max
SolidCompression=yes

[Languages]
; Inno Setup ships no official Vietnamese messages. Vietnamese.isl (this folder) translates every
; message of this install/upgrade/uninstall flow and is loaded last; the base underneath is the
; community translation when it is installed in the compiler's Languages folder, else English.
#if FileExists(AddBackslash(CompilerPath) + "Languages\Vietnamese.isl")
Name: "vi"; MessagesFile: "compiler:Languages\Vietnamese.isl,Vietnamese.isl"
#else
Name: "vi"; MessagesFile: "compiler:Default.isl,Vietnamese.isl"
#endif

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"

[InstallDelete]
; Upgrade: remove the previous version's libraries first, so no stale module or migration script of
; an older build is left beside the new ones. Only the program folder; never the data folder.
Type: filesandordirs; Name: "{app}\_internal"

[Dirs]
; Created so the "open data folder" shortcut works before the first start. uninsneveruninstall: the
; uninstaller never removes it, even when empty.
Name: "{localappdata}\SoNoiVuBacNinh\ThiDuaBacNinh"; Flags: uninsneveruninstall

[Files]
Source: "{#SourceDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"; Comment: "Phần mềm quản lý phong trào thi đua"
Name: "{autoprograms}\{cm:ToolsFolder}\{cm:OpenDataFolder}"; Filename: "{localappdata}\SoNoiVuBacNinh\ThiDuaBacNinh"
Name: "{autoprograms}\{cm:ToolsFolder}\{cm:UninstallProgram,{#AppName}}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

[UninstallDelete]
; Only files the app may leave inside its own program folder. The data folder
; %LOCALAPPDATA%\SoNoiVuBacNinh\ThiDuaBacNinh (database, backups, logs, keys) is deliberately NOT
; listed here, nor anywhere in this script: uninstalling the program must never delete the officer's
; records. To remove the data, the officer deletes that folder by hand (user guide, docs/).
Type: filesandordirs; Name: "{app}\_internal\__pycache__"
