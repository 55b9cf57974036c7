package dev.klite.kubelet.pod;

import dev.klite.kubelet.token.TokenException;
import dev.klite.kubelet.token.TokenManager;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.DownwardAPIVolumeFile;
import io.fabric8.kubernetes.api.model.HostPathVolumeSource;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.ServiceAccountTokenProjection;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import io.fabric8.kubernetes.api.model.authentication.TokenRequest;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Base64;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Prepares a pod volume on the host and returns the directory (or file) that gets mounted: emptyDir directories,
 * hostPath type checks ({@code pkg/volume/hostpath/host_path.go}), and the files of configMap, secret, downwardAPI
 * and projected volumes ({@code pkg/volume/configmap}, {@code secret}, {@code downwardapi}, {@code projected}: keys
 * or {@code items}, {@code defaultMode} 0644, per-item {@code mode}, {@code optional}; a projected
 * {@code serviceAccountToken} from the {@link TokenManager}), written with the
 * {@link AtomicWriter} and owned by the pod's {@code fsGroup} ({@link VolumeOwnership}). The pod worker calls
 * {@link #prepare} again periodically, so a running container sees updated and newly created sources (upstream's
 * resync); the bind-mounted directory stays the same. Runs on pod worker threads; blocking.
 */
final class VolumeBuilder {
  private static final int DEFAULT_MODE = 0644;
  /** serviceAccountToken.expirationSeconds when unset (the API server's defaulting, pkg/apis/core/v1/defaults.go). */
  private static final long DEFAULT_TOKEN_SECONDS = 3600;

  /** A volume could not be set up; the message follows the volume plugin's error. */
  static final class VolumeException extends Exception {
    private static final long serialVersionUID = 1L;

    VolumeException(String message) {
      super(message);
    }
  }

  private final ConfigSource config;
  private final TokenManager tokens;
  private final EnvBuilder fields;
  private final PodSandbox sandbox;
  /** emptyDir volumes set up by this kubelet process (the volume manager mounts a volume once, not per resync). */
  private final java.util.Set<String> emptyDirsSetUp = java.util.concurrent.ConcurrentHashMap.newKeySet();

  VolumeBuilder(ConfigSource config, TokenManager tokens, EnvBuilder fields, PodSandbox sandbox) {
    this.config = config;
    this.tokens = tokens;
    this.fields = fields;
    this.sandbox = sandbox;
  }

  /** Sets the volume up and returns its host path. */
  Path prepare(Pod pod, Volume v, Map<String, String> nodeAllocatable) throws VolumeException {
    try {
      Long fsGroup = pod.getSpec().getSecurityContext() == null ? null
          : pod.getSpec().getSecurityContext().getFsGroup();
      if (v.getEmptyDir() != null) {
        Path dir = sandbox.emptyDir(v.getName());
        if (emptyDirsSetUp.contains(v.getName())) {
          // Set up already: what the containers wrote since keeps its owner and mode.
          return dir;
        }
        if (!Files.isDirectory(dir)) {
          Files.createDirectories(dir);
          // pkg/volume/emptydir: the directory is world-writable (0777), so that any runAsUser can use it.
          Files.setPosixFilePermissions(dir, permissions(0777));
        }
        if (fsGroup != null) {
          VolumeOwnership.apply(dir, fsGroup, false, pod.getSpec().getSecurityContext().getFsGroupChangePolicy());
        }
        emptyDirsSetUp.add(v.getName());
        return dir;
      }
      if (v.getHostPath() != null) {
        return hostPath(v.getHostPath());
      }
      String ns = pod.getMetadata().getNamespace();
      Map<String, byte[]> files = new LinkedHashMap<>();
      Map<String, Integer> modes = new LinkedHashMap<>();
      Map<String, Long> owners = new LinkedHashMap<>();
      Integer defaultMode;
      String plugin;
      if (v.getConfigMap() != null) {
        var src = v.getConfigMap();
        plugin = "configmap";
        defaultMode = src.getDefaultMode();
        configMapFiles(ns, src.getName(), src.getItems(), src.getOptional(), files, modes);
      } else if (v.getSecret() != null) {
        var src = v.getSecret();
        plugin = "secret";
        defaultMode = src.getDefaultMode();
        secretFiles(ns, src.getSecretName(), src.getItems(), src.getOptional(), files, modes);
      } else if (v.getDownwardAPI() != null) {
        plugin = "downward-api";
        defaultMode = v.getDownwardAPI().getDefaultMode();
        downwardFiles(pod, v.getDownwardAPI().getItems(), nodeAllocatable, files, modes);
      } else if (v.getProjected() != null) {
        plugin = "projected";
        defaultMode = v.getProjected().getDefaultMode();
        for (VolumeProjection p : v.getProjected().getSources()) {
          if (p.getConfigMap() != null) {
            configMapFiles(ns, p.getConfigMap().getName(), p.getConfigMap().getItems(), p.getConfigMap().getOptional(),
                files, modes);
          } else if (p.getSecret() != null) {
            secretFiles(ns, p.getSecret().getName(), p.getSecret().getItems(), p.getSecret().getOptional(), files,
                modes);
          } else if (p.getDownwardAPI() != null) {
            downwardFiles(pod, p.getDownwardAPI().getItems(), nodeAllocatable, files, modes);
          } else if (p.getServiceAccountToken() != null) {
            tokenFile(pod, p.getServiceAccountToken(), defaultMode == null ? DEFAULT_MODE : defaultMode, fsGroup,
                files, modes, owners);
          }
          // clusterTrustBundle sources (beta, off by default in v1.32) are left out.
        }
      } else {
        throw new VolumeException("volume type is not supported by klite (supported: emptyDir, hostPath, configMap, "
            + "secret, downwardAPI, projected)");
      }
      Path dir = Files.createDirectories(sandbox.dir().resolve("volumes").resolve("kubernetes.io~" + plugin)
          .resolve(v.getName()));
      int mode = defaultMode == null ? DEFAULT_MODE : defaultMode;
      Map<String, AtomicWriter.FileProjection> payload = new LinkedHashMap<>();
      files.forEach((path, data) -> payload.put(path, new AtomicWriter.FileProjection(data,
          modes.getOrDefault(path, mode), owners.get(path))));
      AtomicWriter.write(dir, payload, fsGroup);
      return dir;
    } catch (IOException e) {
      throw new VolumeException(e.toString());
    } catch (EnvBuilder.EnvException | TokenException e) {
      throw new VolumeException(e.getMessage());
    }
  }

  /**
   * A projected service account token ({@code pkg/volume/projected/projected.go}): requested for the pod's service
   * account with the source's audience (none: the API server's default audiences), lifetime (default 3600 s, as the
   * API server defaults it) and the pod as bound object. Its mode is the volume's defaultMode, but 0600 when the pod
   * has an fsGroup or one runAsUser for all containers; the file then belongs to that user, and the fsGroup's
   * ownership adds group read (0640).
   */
  private void tokenFile(Pod pod, ServiceAccountTokenProjection src, int defaultMode, Long fsGroup,
      Map<String, byte[]> files, Map<String, Integer> modes, Map<String, Long> owners) throws TokenException {
    Long fsUser = fsUser(pod);
    List<String> audiences = src.getAudience() == null || src.getAudience().isEmpty() ? null
        : List.of(src.getAudience());
    long seconds = src.getExpirationSeconds() == null ? DEFAULT_TOKEN_SECONDS : src.getExpirationSeconds();
    TokenRequest request = new TokenRequestBuilder().withNewSpec().withAudiences(audiences)
        .withExpirationSeconds(seconds).withNewBoundObjectRef().withApiVersion("v1").withKind("Pod")
        .withName(pod.getMetadata().getName()).withUid(pod.getMetadata().getUid()).endBoundObjectRef().endSpec()
        .build();
    TokenRequest token = tokens.token(pod.getMetadata().getNamespace(), pod.getSpec().getServiceAccountName(),
        request);
    files.put(src.getPath(), token.getStatus().getToken().getBytes(StandardCharsets.UTF_8));
    modes.put(src.getPath(), fsUser != null || fsGroup != null ? 0600 : defaultMode);
    if (fsUser != null) {
      owners.put(src.getPath(), fsUser);
    }
  }

  /**
   * The user all of the pod's containers run as, or null when one of them sets none or they differ
   * ({@code pkg/volume/util} FsUserFrom: each container's runAsUser over the pod's).
   */
  static Long fsUser(Pod pod) {
    Long pod0 = pod.getSpec().getSecurityContext() == null ? null : pod.getSpec().getSecurityContext().getRunAsUser();
    Long user = null;
    for (Container c : Stream.concat(pod.getSpec().getInitContainers().stream(),
        pod.getSpec().getContainers().stream()).toList()) {
      Long u = c.getSecurityContext() != null && c.getSecurityContext().getRunAsUser() != null
          ? c.getSecurityContext().getRunAsUser() : pod0;
      if (u == null || (user != null && !user.equals(u))) {
        return null;
      }
      user = u;
    }
    return user;
  }

  private static Path hostPath(HostPathVolumeSource src) throws IOException, VolumeException {
    Path p = Path.of(src.getPath());
    String type = Optional.ofNullable(src.getType()).orElse("");
    switch (type) {
      case "DirectoryOrCreate":
        if (!Files.exists(p)) {
          Files.createDirectories(p);
        }
        return check(p, Files.isDirectory(p), "is not a directory");
      case "Directory":
        return check(p, Files.isDirectory(p), "is not a directory");
      case "FileOrCreate":
        if (!Files.exists(p)) {
          Files.createDirectories(p.getParent());
          Files.createFile(p);
        }
        return check(p, Files.isRegularFile(p), "is not a file");
      case "File":
        return check(p, Files.isRegularFile(p), "is not a file");
      case "Socket":
      case "CharDevice":
      case "BlockDevice":
        return check(p, Files.exists(p) && !Files.isDirectory(p) && !Files.isRegularFile(p),
            "Socket".equals(type) ? "is not a socket file"
                : "CharDevice".equals(type) ? "is not a character device" : "is not a block device");
      default:
        // Unset type: no check, but a bind mount needs a source.
        return check(p, Files.exists(p), "does not exist");
    }
  }

  private static Path check(Path p, boolean ok, String what) throws VolumeException {
    if (!ok) {
      throw new VolumeException("hostPath type check failed: " + p + " " + what);
    }
    return p;
  }

  private void configMapFiles(String ns, String name, List<KeyToPath> items, Boolean optional,
      Map<String, byte[]> files, Map<String, Integer> modes) throws VolumeException {
    Optional<ConfigMap> cm = config.configMap(ns, name);
    if (cm.isEmpty()) {
      if (Boolean.TRUE.equals(optional)) {
        return;
      }
      throw new VolumeException("configmap \"" + name + "\" not found");
    }
    Map<String, byte[]> data = new LinkedHashMap<>();
    Optional.ofNullable(cm.get().getData()).orElse(Map.of())
        .forEach((k, v) -> data.put(k, v.getBytes(StandardCharsets.UTF_8)));
    Optional.ofNullable(cm.get().getBinaryData()).orElse(Map.of())
        .forEach((k, v) -> data.put(k, Base64.getDecoder().decode(v)));
    select(data, items, optional, "configmap references non-existent config key: ", files, modes);
  }

  private void secretFiles(String ns, String name, List<KeyToPath> items, Boolean optional,
      Map<String, byte[]> files, Map<String, Integer> modes) throws VolumeException {
    Optional<Secret> s = config.secret(ns, name);
    if (s.isEmpty()) {
      if (Boolean.TRUE.equals(optional)) {
        return;
      }
      throw new VolumeException("secret \"" + name + "\" not found");
    }
    Map<String, byte[]> data = new LinkedHashMap<>();
    Optional.ofNullable(s.get().getData()).orElse(Map.of())
        .forEach((k, v) -> data.put(k, Base64.getDecoder().decode(v)));
    Optional.ofNullable(s.get().getStringData()).orElse(Map.of())
        .forEach((k, v) -> data.put(k, v.getBytes(StandardCharsets.UTF_8)));
    select(data, items, optional, "references non-existent secret key: ", files, modes);
  }

  private static void select(Map<String, byte[]> data, List<KeyToPath> items, Boolean optional, String missing,
      Map<String, byte[]> files, Map<String, Integer> modes) throws VolumeException {
    if (items == null || items.isEmpty()) {
      files.putAll(data);
      return;
    }
    for (KeyToPath item : items) {
      byte[] value = data.get(item.getKey());
      if (value == null) {
        if (Boolean.TRUE.equals(optional)) {
          continue;
        }
        throw new VolumeException(missing + item.getKey());
      }
      files.put(item.getPath(), value);
      if (item.getMode() != null) {
        modes.put(item.getPath(), item.getMode());
      }
    }
  }

  private void downwardFiles(Pod pod, List<DownwardAPIVolumeFile> items, Map<String, String> nodeAllocatable,
      Map<String, byte[]> files, Map<String, Integer> modes) throws EnvBuilder.EnvException, VolumeException {
    for (DownwardAPIVolumeFile f : items) {
      String value;
      if (f.getFieldRef() != null) {
        value = fields.fieldValue(pod, f.getFieldRef());
      } else if (f.getResourceFieldRef() != null) {
        String name = f.getResourceFieldRef().getContainerName();
        var c = pod.getSpec().getContainers().stream().filter(x -> x.getName().equals(name)).findFirst()
            .orElseThrow(() -> new VolumeException("container \"" + name + "\" not found in pod"));
        value = EnvBuilder.resourceValue(c, f.getResourceFieldRef(), nodeAllocatable);
      } else {
        continue;
      }
      files.put(f.getPath(), value.getBytes(StandardCharsets.UTF_8));
      if (f.getMode() != null) {
        modes.put(f.getPath(), f.getMode());
      }
    }
  }

  static Set<PosixFilePermission> permissions(int mode) {
    Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
    PosixFilePermission[] order = {PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE,
        PosixFilePermission.OTHERS_READ, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE,
        PosixFilePermission.GROUP_READ, PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE,
        PosixFilePermission.OWNER_READ};
    for (int i = 0; i < order.length; i++) {
      if ((mode & (1 << i)) != 0) {
        set.add(order[i]);
      }
    }
    return set;
  }
}
