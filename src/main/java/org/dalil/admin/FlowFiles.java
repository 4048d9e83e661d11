package org.dalil.admin;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.dalil.flow.FlowSetLoader;

/**
 * A version's sources as files ({@code flows/...}, {@code i18n/...}): written to a directory or a
 * zip, and read back. Written files load into the same sources, hence the same version hash.
 */
public final class FlowFiles {
  /** An upload bigger than this once unpacked is refused (a zip bomb must not fill the memory). */
  static final long MAX_UNPACKED_BYTES = 16L * 1024 * 1024;

  private FlowFiles() {}

  /** Writes each source under {@code root} (creating {@code flows/} and {@code i18n/}). */
  public static void write(Map<String, String> sources, Path root) throws IOException {
    for (Map.Entry<String, String> e : new TreeMap<>(sources).entrySet()) {
      Path file = safe(root, e.getKey());
      Files.createDirectories(file.getParent());
      Files.writeString(file, e.getValue(), StandardCharsets.UTF_8);
    }
  }

  /** Reads {@code root/flows} and {@code root/i18n} as the loader does; the result's problems say what is wrong. */
  public static FlowSetLoader.Result read(Path root) {
    return new FlowSetLoader().load(root.resolve("flows"), root.resolve("i18n"));
  }

  public static byte[] zip(Map<String, String> sources) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes, StandardCharsets.UTF_8)) {
      for (Map.Entry<String, String> e : new TreeMap<>(sources).entrySet()) {
        zip.putNextEntry(new ZipEntry(e.getKey()));
        zip.write(e.getValue().getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /**
   * The {@code flows/} and {@code i18n/} files of a zip (a single top folder, as GitHub's
   * archives have, is skipped); other entries are ignored.
   */
  public static Map<String, String> unzip(byte[] data) throws IOException {
    Map<String, String> sources = new TreeMap<>();
    long total = 0;
    try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(data), StandardCharsets.UTF_8)) {
      ZipEntry entry;
      while ((entry = zip.getNextEntry()) != null) {
        if (entry.isDirectory()) {
          continue;
        }
        String path = contentPath(entry.getName());
        byte[] content = zip.readNBytes((int) Math.min(MAX_UNPACKED_BYTES - total + 1, Integer.MAX_VALUE - 8));
        total += content.length;
        if (total > MAX_UNPACKED_BYTES) {
          throw new IOException("the zip unpacks to more than " + MAX_UNPACKED_BYTES + " bytes");
        }
        if (path != null) {
          sources.put(path, new String(content, StandardCharsets.UTF_8));
        }
      }
    }
    return sources;
  }

  /**
   * {@code flows/x.yaml} from {@code flows/x.yaml} or {@code top/flows/x.yaml}; null for anything
   * the loader would not read from a directory (so that a zip and a directory give the same version).
   */
  static String contentPath(String name) {
    String[] parts = name.replace('\\', '/').split("/");
    if (parts.length < 2 || parts.length > 3) {
      return null;
    }
    String dir = parts[parts.length - 2];
    String file = parts[parts.length - 1];
    if (file.startsWith(".") || file.contains("..")) {
      return null;
    }
    boolean flow = dir.equals("flows") && file.endsWith(".yaml");
    boolean text = dir.equals("i18n") && (file.endsWith(".properties") || file.endsWith(".training.txt"));
    return flow || text ? dir + "/" + file : null;
  }

  private static Path safe(Path root, String path) {
    Path file = root.resolve(path).normalize();
    if (!file.startsWith(root.normalize())) {
      throw new IllegalArgumentException("a source path leaves the directory: " + path);
    }
    return file;
  }
}
