package org.elkflow.flowcodec.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IanaProtocolNumbersTest {

    @ParameterizedTest
    @CsvSource({
            "1, icmp", "2, igmp", "4, ipv4", "6, tcp", "17, udp", "41, ipv6", "47, gre", "50, esp", "51, ah",
            "58, ipv6-icmp", "89, ospfigp", "103, pim", "112, vrrp", "132, sctp", "136, udplite",
            "253, 253", "255, 255", "200, 200",
    })
    void names(int number, String name) {
        assertEquals(name, IanaProtocolNumbers.transportName(number));
        assertEquals(Integer.toString(number), IanaProtocolNumbers.number(number));
    }

    @Test
    void stringsArePrecomputed() {
        assertSame(IanaProtocolNumbers.number(6), IanaProtocolNumbers.number(6));
        assertSame(IanaProtocolNumbers.transportName(250), IanaProtocolNumbers.transportName(250));
    }
}
