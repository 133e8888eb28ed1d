package io.bollard.compose.model;

import java.util.List;
import java.util.Map;

/**
 * A top-level network.
 *
 * @param name       the engine's name for it ({@code <project>_<key>} unless given or external)
 * @param driver     the driver, null for the engine's default
 * @param driverOpts driver options
 * @param external   made outside the project; the agent never creates nor removes it
 * @param internal   no outside connectivity
 * @param attachable standalone containers may join
 * @param enableIpv6 IPv6 on
 * @param labels     labels
 * @param ipam       address management, or null
 */
public record Network(String name, String driver, Map<String, String> driverOpts, boolean external, boolean internal,
                      boolean attachable, Boolean enableIpv6, Map<String, String> labels, Ipam ipam) {

    /** Makes null maps empty. */
    public Network {
        driverOpts = Models.map(driverOpts);
        labels = Models.map(labels);
    }

    /**
     * Address management for a network.
     *
     * @param driver  IPAM driver, null for default
     * @param config  address pools
     * @param options driver options
     */
    public record Ipam(String driver, List<Pool> config, Map<String, String> options) {

        /** Makes nulls empty. */
        public Ipam {
            config = Models.list(config);
            options = Models.map(options);
        }
    }

    /**
     * One address pool.
     *
     * @param subnet       CIDR subnet
     * @param ipRange      range to allocate from
     * @param gateway      gateway address
     * @param auxAddresses reserved addresses by name
     */
    public record Pool(String subnet, String ipRange, String gateway, Map<String, String> auxAddresses) {

        /** Makes null maps empty. */
        public Pool {
            auxAddresses = Models.map(auxAddresses);
        }
    }
}
