package org.elkflow.infraenrich.community;

import org.elkflow.infraenrich.net.IpAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Test vectors published with the Community ID specification and its reference implementations. */
class CommunityIdTest {

    @ParameterizedTest(name = "{0} {1}:{2} -> {3}:{4} proto {5} seed {6}")
    @CsvSource({
            "tcp,     1.2.3.4,         1122,  5.6.7.8,        3344, 6,  0, 1:wCb3OG7yAFWelaUydu0D+125CLM=",
            "tcp-rev, 5.6.7.8,         3344,  1.2.3.4,        1122, 6,  0, 1:wCb3OG7yAFWelaUydu0D+125CLM=",
            "udp,     1.2.3.4,         1122,  5.6.7.8,        3344, 17, 0, 1:0Mu9InQx6z4ZiCZM/7HXi2WMhOg=",
            "udp-rev, 5.6.7.8,         3344,  1.2.3.4,        1122, 17, 0, 1:0Mu9InQx6z4ZiCZM/7HXi2WMhOg=",
            "echo,    1.2.3.4,         8,     5.6.7.8,        0,    1,  0, 1:crodRHL2FEsHjbv3UkRrfbs4bZ0=",
            "reply,   5.6.7.8,         0,     1.2.3.4,        0,    1,  0, 1:crodRHL2FEsHjbv3UkRrfbs4bZ0=",
            "icmp6,   fe80:0001:0203:0405:0607:0809:0A0B:0C0D, 128, fe80:1011:1213:1415:1617:1819:1A1B:1C1D, 0, 58, 0, 1:0bf7hyMJUwt3fMED7z8LIfRpBeo=",
            "icmp6r,  fe80:1011:1213:1415:1617:1819:1A1B:1C1D, 129, fe80:0001:0203:0405:0607:0809:0A0B:0C0D, 0, 58, 0, 1:0bf7hyMJUwt3fMED7z8LIfRpBeo=",
            "rsvp,    1.2.3.4,         0,     5.6.7.8,        0,    46, 0, 1:ikv3kmf89luf73WPz1jOs49S768=",
            "tcp-s1,  1.2.3.4,         1122,  5.6.7.8,        3344, 6,  1, 1:HhA1B+6CoLbiKPEs5nhNYN4XWfk=",
            "udp-s1,  1.2.3.4,         1122,  5.6.7.8,        3344, 17, 1, 1:OShq+iKDAMVouh/4bMxB9Sz4amw=",
            "echo-s1, 1.2.3.4,         8,     5.6.7.8,        0,    1,  1, 1:9pr4ZGTICiuZoIh90RRYE2RyXpU=",
            "icmp6s1, fe80:0001:0203:0405:0607:0809:0A0B:0C0D, 128, fe80:1011:1213:1415:1617:1819:1A1B:1C1D, 0, 58, 1, 1:IO27GQzPuCtNnwFvjWALMHu5tJE=",
            "elastic, 128.232.110.120, 34855, 66.35.250.204,  80,   6,  0, 1:LQU9qZlK+B5F3KDmev6m5PMibrg=",
    })
    void matchesPublishedVectors(String name, String src, int sport, String dst, int dport, int proto, int seed,
                                 String expected) {
        String id = new CommunityId(seed).compute(IpAddress.parse(src).bytes(), IpAddress.parse(dst).bytes(), proto,
                sport, dport);
        assertEquals(expected, id, name);
    }
}
