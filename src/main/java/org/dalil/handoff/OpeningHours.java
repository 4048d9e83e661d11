package org.dalil.handoff;

import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * When volunteers are there, per weekday, in one time zone. Pure: every question takes the time
 * it is asked at.
 *
 * <p>Written as {@code mon-fri 09:00-18:00; sat 10:00-13:00}: day or day range, then one or more
 * comma-separated windows; {@code 24:00} ends a window at midnight; {@code always} (or an empty
 * text) means always open.
 *
 * @param days the open windows of each day, sorted; a day without windows is closed
 */
public record OpeningHours(ZoneId zone, Map<DayOfWeek, List<Window>> days) {

  public static final ZoneId DEFAULT_ZONE = ZoneId.of("Africa/Casablanca");
  public static final String ALWAYS = "always";

  /** An open window of a day: from inclusive, to exclusive ({@link LocalTime#MAX} for 24:00). */
  public record Window(LocalTime from, LocalTime to) {
    public Window {
      if (!to.isAfter(from)) {
        throw new IllegalArgumentException("a window must end after it starts: " + from + "-" + to);
      }
    }

    boolean contains(LocalTime t) {
      return !t.isBefore(from) && (t.isBefore(to) || to.equals(LocalTime.MAX));
    }
  }

  public OpeningHours {
    Map<DayOfWeek, List<Window>> copy = new EnumMap<>(DayOfWeek.class);
    days.forEach((day, windows) -> copy.put(day,
        windows.stream().sorted(Comparator.comparing(Window::from)).toList()));
    days = java.util.Collections.unmodifiableMap(copy);
  }

  public static OpeningHours always(ZoneId zone) {
    Map<DayOfWeek, List<Window>> days = new EnumMap<>(DayOfWeek.class);
    for (DayOfWeek d : DayOfWeek.values()) {
      days.put(d, List.of(new Window(LocalTime.MIDNIGHT, LocalTime.MAX)));
    }
    return new OpeningHours(zone, days);
  }

  /**
   * Reads the written form.
   *
   * @throws IllegalArgumentException saying what is wrong, for the configuration's message
   */
  public static OpeningHours parse(String spec, ZoneId zone) {
    if (spec == null || spec.isBlank() || spec.strip().equalsIgnoreCase(ALWAYS)) {
      return always(zone);
    }
    Map<DayOfWeek, List<Window>> days = new EnumMap<>(DayOfWeek.class);
    for (String part : spec.split(";")) {
      String entry = part.strip();
      if (entry.isEmpty()) {
        continue;
      }
      String[] dayAndTimes = entry.split("\\s+", 2);
      if (dayAndTimes.length != 2) {
        throw new IllegalArgumentException("'" + entry + "' needs days and hours, such as 'mon-fri 09:00-18:00'");
      }
      List<DayOfWeek> dayList = days(dayAndTimes[0]);
      List<Window> windows = new ArrayList<>();
      for (String w : dayAndTimes[1].split(",")) {
        windows.add(window(w.strip()));
      }
      for (DayOfWeek d : dayList) {
        days.computeIfAbsent(d, k -> new ArrayList<>()).addAll(windows);
      }
    }
    return new OpeningHours(zone, days);
  }

  private static List<DayOfWeek> days(String text) {
    String[] range = text.toLowerCase(Locale.ROOT).split("-");
    if (range.length == 1) {
      return List.of(day(range[0]));
    }
    if (range.length != 2) {
      throw new IllegalArgumentException("'" + text + "' is not a day or a day range such as mon-fri");
    }
    DayOfWeek first = day(range[0]);
    DayOfWeek last = day(range[1]);
    List<DayOfWeek> out = new ArrayList<>();
    for (DayOfWeek d = first; ; d = d.plus(1)) {
      out.add(d);
      if (d == last) {
        return out;
      }
    }
  }

  private static DayOfWeek day(String text) {
    return switch (text.strip()) {
      case "mon" -> DayOfWeek.MONDAY;
      case "tue" -> DayOfWeek.TUESDAY;
      case "wed" -> DayOfWeek.WEDNESDAY;
      case "thu" -> DayOfWeek.THURSDAY;
      case "fri" -> DayOfWeek.FRIDAY;
      case "sat" -> DayOfWeek.SATURDAY;
      case "sun" -> DayOfWeek.SUNDAY;
      default -> throw new IllegalArgumentException("unknown day '" + text + "' (mon, tue, wed, thu, fri, sat, sun)");
    };
  }

  private static Window window(String text) {
    String[] ends = text.split("-");
    if (ends.length != 2) {
      throw new IllegalArgumentException("'" + text + "' is not a window such as 09:00-18:00");
    }
    LocalTime from = time(ends[0]);
    LocalTime to = ends[1].strip().equals("24:00") ? LocalTime.MAX : time(ends[1]);
    if (!to.isAfter(from)) {
      throw new IllegalArgumentException("'" + text + "' ends before it starts");
    }
    return new Window(from, to);
  }

  private static LocalTime time(String text) {
    try {
      return LocalTime.parse(text.strip().length() == 4 ? "0" + text.strip() : text.strip());
    } catch (DateTimeException e) {
      throw new IllegalArgumentException("'" + text.strip() + "' is not a time such as 09:00");
    }
  }

  /** Whether some day has a window. */
  public boolean everOpen() {
    return days.values().stream().anyMatch(w -> !w.isEmpty());
  }

  public boolean isOpen(Instant now) {
    ZonedDateTime local = now.atZone(zone);
    return days.getOrDefault(local.getDayOfWeek(), List.of()).stream()
        .anyMatch(w -> w.contains(local.toLocalTime()));
  }

  /**
   * The next time volunteers are there: {@code now} itself when open, else the start of the next
   * window (within a week); empty when no day has a window.
   */
  public Optional<ZonedDateTime> nextOpening(Instant now) {
    ZonedDateTime local = now.atZone(zone);
    if (isOpen(now)) {
      return Optional.of(local);
    }
    LocalDate today = local.toLocalDate();
    for (int i = 0; i <= 7; i++) {
      LocalDate date = today.plusDays(i);
      for (Window w : days.getOrDefault(date.getDayOfWeek(), List.of())) {
        ZonedDateTime start = ZonedDateTime.of(date, w.from(), zone);
        if (start.toInstant().isAfter(now)) {
          return Optional.of(start);
        }
      }
    }
    return Optional.empty();
  }
}
