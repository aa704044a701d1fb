package io.flowcast.core.calendar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HolidayCalendarTest {
    private static List<LocalDate> holidaysOf(HolidayCalendar cal, int year) {
        List<LocalDate> out = new ArrayList<>();
        for (LocalDate d = LocalDate.of(year, 1, 1); d.getYear() == year; d = d.plusDays(1)) {
            if (cal.isHoliday(d)) {
                out.add(d);
            }
        }
        return out;
    }

    @Test
    void shouldKnowTheUkBankHolidaysOf2011IncludingTheRoyalWedding() {
        // gov.uk: 3 Jan (substitute), 22 + 25 Apr, 29 Apr (royal wedding), 2 May, 30 May, 29 Aug, 26 + 27 Dec
        // (Christmas on a Sunday: Boxing Day Monday 26, Christmas substitute Tuesday 27); the 25th itself too
        assertThat(holidaysOf(HolidayCalendar.parse("uk"), 2011)).containsExactly(LocalDate.of(2011, 1, 3),
                LocalDate.of(2011, 4, 22), LocalDate.of(2011, 4, 25), LocalDate.of(2011, 4, 29), LocalDate.of(2011, 5, 2),
                LocalDate.of(2011, 5, 30), LocalDate.of(2011, 8, 29), LocalDate.of(2011, 12, 25), LocalDate.of(2011, 12, 26),
                LocalDate.of(2011, 12, 27));
    }

    @Test
    void shouldMoveTheSpringHolidayForTheJubileeAndFindEaster() {
        HolidayCalendar uk = HolidayCalendar.parse("uk");
        assertThat(uk.isHoliday(LocalDate.of(2012, 5, 28))).isFalse();
        assertThat(uk.isHoliday(LocalDate.of(2012, 6, 4))).isTrue();
        assertThat(HolidayCalendar.easterSunday(2024)).isEqualTo(LocalDate.of(2024, 3, 31));
        assertThat(HolidayCalendar.easterSunday(2011)).isEqualTo(LocalDate.of(2011, 4, 24));
    }

    @Test
    void shouldReadAFileOfDatesAndKnowNoneForNone(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("h.txt");
        Files.writeString(f, "# shop holidays\n2024-07-14\n\n2024-08-15 # assumption\n");
        HolidayCalendar cal = HolidayCalendar.parse(f.toString());
        assertThat(holidaysOf(cal, 2024)).containsExactly(LocalDate.of(2024, 7, 14), LocalDate.of(2024, 8, 15));
        assertThat(holidaysOf(HolidayCalendar.parse("none"), 2011)).isEmpty();
        assertThatThrownBy(() -> HolidayCalendar.parse(dir.resolve("missing").toString()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("uk");
    }
}
