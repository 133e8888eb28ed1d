package io.bollard.compose.apply;

import io.bollard.compose.model.Volume;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class VolumeDifferencesTest {

    private static Volume volume(String driver, Map<String, String> options) {
        return new Volume("demo_v", driver, options, false, Map.of());
    }

    @Test
    void theDefaultDriverAndNoOptionsMatchAPlainVolume() {
        assertEquals(List.of(), EngineState.volumeDifferences(volume(null, Map.of()), "local", null));
        assertEquals(List.of(), EngineState.volumeDifferences(volume("local", Map.of("type", "tmpfs")), "local",
                Map.of("type", "tmpfs")));
    }

    @Test
    void aNewDriverOrOptionsAreDifferencesNamingKeysNotValues() {
        assertEquals(List.of("driver local, the file says other"),
                EngineState.volumeDifferences(volume("other", Map.of()), "local", Map.of()));
        assertEquals(List.of("driver_opts [], the file says [device, type] (or other values)"),
                EngineState.volumeDifferences(volume(null, Map.of("type", "tmpfs", "device", "tmpfs")), "local",
                        Map.of()));
        // A password in an option's value is not repeated.
        List<String> changed = EngineState.volumeDifferences(volume(null, Map.of("o", "password=new")), "local",
                Map.of("o", "password=old"));
        assertEquals(List.of("driver_opts [o], the file says [o] (or other values)"), changed);
    }
}
