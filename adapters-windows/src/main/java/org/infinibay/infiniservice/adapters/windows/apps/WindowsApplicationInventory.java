package org.infinibay.infiniservice.adapters.windows.apps;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.infinibay.infiniservice.adapters.windows.powershell.PowerShell;
import org.infinibay.infiniservice.adapters.windows.powershell.PsJson;
import org.infinibay.infiniservice.adapters.windows.registry.RegistryUninstallReader;
import org.infinibay.infiniservice.adapters.windows.registry.UninstallEntry;
import org.infinibay.infiniservice.application.port.out.Deadline;
import org.infinibay.infiniservice.application.port.out.os.ApplicationInventory;
import org.infinibay.infiniservice.application.port.out.os.InstalledApplication;
import org.infinibay.infiniservice.application.port.out.os.OsOperationException;
import org.infinibay.infiniservice.domain.json.Json;
import org.infinibay.infiniservice.domain.json.JsonObject;
import org.infinibay.infiniservice.domain.log.Logs;

/**
 * GetInstalledApplicationsWMI's inventory: the Uninstall keys (64-bit and 32-bit views, HKCU and every
 * loaded user hive) read natively, plus Store packages from {@code Get-AppxPackage -AllUsers}
 * (frameworks, resource packages and system-signed packages left out). Never {@code Win32_Product}.
 */
public final class WindowsApplicationInventory implements ApplicationInventory {
    static final String APPX = "$out=@(foreach($p in @(Get-AppxPackage -AllUsers -ErrorAction SilentlyContinue)){"
            + "[pscustomobject]@{Name=[string]$p.Name;Version=[string]$p.Version;Publisher=[string]$p.Publisher;"
            + "PackageFullName=[string]$p.PackageFullName;InstallLocation=[string]$p.InstallLocation;"
            + "SignatureKind=$p.SignatureKind.ToString();IsFramework=[bool]$p.IsFramework;"
            + "IsResourcePackage=[bool]$p.IsResourcePackage}});ConvertTo-Json -InputObject @($out) -Compress";
    /** {@code Windows.ApplicationModel.PackageSignatureKind} by value, for raw cmdlet output. */
    static final String[] SIGNATURE_KINDS = {"None", "Developer", "Enterprise", "Store", "System"};
    private static final Pattern CN = Pattern.compile("(?:^|,\\s*)CN=(\"[^\"]*\"|[^,]*)");
    private static final System.Logger LOG = Logs.get(WindowsApplicationInventory.class);

    private final RegistryUninstallReader registry;
    private final PowerShell powershell;

    public WindowsApplicationInventory(RegistryUninstallReader registry, PowerShell powershell) {
        this.registry = registry;
        this.powershell = powershell;
    }

    @Override
    public List<InstalledApplication> applications(Deadline deadline) throws OsOperationException, InterruptedException {
        List<UninstallEntry> entries = new ArrayList<>(registry.read());
        entries.addAll(registry.readLoadedUserHives());
        List<InstalledApplication> out = fromRegistry(entries);
        try {
            out.addAll(parseAppx(powershell.json(APPX, deadline)));
        } catch (OsOperationException e) {
            if (e.exitCode() == 124) {
                throw e;
            }
            LOG.log(System.Logger.Level.WARNING, "Store packages not listed: {0}", e.getMessage());
        }
        return out;
    }

    /** Registry entries, one per name and version (the same product under two views is listed once). */
    static List<InstalledApplication> fromRegistry(List<UninstallEntry> entries) {
        Map<String, InstalledApplication> out = new LinkedHashMap<>();
        for (UninstallEntry e : entries) {
            String key = e.name().toLowerCase(Locale.ROOT) + "|" + e.version();
            out.putIfAbsent(key, new InstalledApplication(e.name(), e.version(), e.publisher(), e.installDate(),
                    e.installLocation(), e.sizeBytes(), "Registry", e.registryKey()));
        }
        return new ArrayList<>(out.values());
    }

    static List<InstalledApplication> parseAppx(Json json) {
        List<InstalledApplication> out = new ArrayList<>();
        for (JsonObject p : PsJson.objects(json)) {
            String name = PsJson.textOr(p, "Name", "");
            String kind = signatureKind(p);
            if (name.isEmpty() || PsJson.bool(p, "IsFramework").orElse(false)
                    || PsJson.bool(p, "IsResourcePackage").orElse(false) || "System".equals(kind)) {
                continue;
            }
            out.add(new InstalledApplication(name, PsJson.text(p, "Version").orElse(null),
                    publisher(PsJson.text(p, "Publisher").orElse(null)), null,
                    PsJson.text(p, "InstallLocation").orElse(null), null, "Store",
                    PsJson.text(p, "PackageFullName").orElse(name)));
        }
        return out;
    }

    static String signatureKind(JsonObject p) {
        Json v = p.get("SignatureKind").orElse(null);
        String t = PsJson.text(p, "SignatureKind").orElse(null);
        if (t != null && t.matches("\\d+")) {
            int i = Integer.parseInt(t);
            return i >= 0 && i < SIGNATURE_KINDS.length ? SIGNATURE_KINDS[i] : null;
        }
        return v == null ? null : t;
    }

    /** The CN of a package publisher's distinguished name ({@code CN=Microsoft Corporation, O=...}). */
    static String publisher(String dn) {
        if (dn == null) {
            return null;
        }
        Matcher m = CN.matcher(dn);
        if (m.find()) {
            String v = m.group(1).strip();
            if (v.startsWith("\"") && v.endsWith("\"") && v.length() >= 2) {
                v = v.substring(1, v.length() - 1);
            }
            return v.isEmpty() ? dn : v;
        }
        return dn;
    }

    /** "n applications (r registry, s Store)". */
    @Override
    public String summary(List<InstalledApplication> applications) {
        long store = 0;
        for (InstalledApplication a : applications) {
            store += "Store".equals(a.installType()) ? 1 : 0;
        }
        return applications.size() + " applications (" + (applications.size() - store) + " registry, " + store
                + " Store)";
    }

    /** winget's source of Microsoft Store packages. */
    @Override
    public String storeSource() {
        return "msstore";
    }

    @Override
    public String storeName() {
        return "Microsoft Store";
    }
}
