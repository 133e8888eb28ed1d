package io.bollard.compose.model;

import java.util.List;
import java.util.Map;

/**
 * One service of a project, in canonical form: what the agent needs to create its containers.
 *
 * @param name             the service name
 * @param image            the image reference
 * @param pullPolicy       {@code always}, {@code missing} (default), {@code never}
 * @param command          the command, null for the image's
 * @param entrypoint       the entrypoint, null for the image's
 * @param environment      environment, {@code env_file} entries already merged in
 * @param labels           container labels (Compose's own labels are added when creating)
 * @param ports            published ports, one per container port
 * @param expose           exposed ports, {@code 80} or {@code 80/udp}
 * @param volumes          mounts
 * @param networks         networks joined, by network key; empty when {@code network_mode} is set
 * @param networkMode      {@code host}, {@code none}, {@code bridge}, {@code service:x} or {@code container:x}; null
 *                         for the project's networks
 * @param dependsOn        dependencies by service name
 * @param healthcheck      healthcheck, null for the image's
 * @param restart          restart policy: {@code no}, {@code always}, {@code on-failure[:n]}, {@code unless-stopped}
 * @param user             user
 * @param workingDir       working folder
 * @param hostname         host name
 * @param domainname       domain name
 * @param extraHosts       {@code host:ip} entries
 * @param dns              DNS servers
 * @param dnsSearch        DNS search domains
 * @param capAdd           added capabilities
 * @param capDrop          dropped capabilities
 * @param privileged       privileged mode
 * @param securityOpt      security options
 * @param devices          device mappings
 * @param sysctls          kernel parameters
 * @param ulimits          limits by name
 * @param tmpfs            tmpfs mount points, with options after a colon
 * @param init             run an init process
 * @param readOnly         read-only root file system
 * @param shmSize          /dev/shm size, bytes
 * @param stopSignal       stop signal
 * @param stopGracePeriod  time to wait after the stop signal, nanoseconds
 * @param memLimit         memory limit, bytes
 * @param cpus             CPU limit
 * @param pidsLimit        process limit
 * @param deploy           replicas and resource limits
 * @param logging          log driver
 * @param containerName    fixed container name (one replica only)
 * @param profiles         profiles that enable the service; empty: always enabled
 * @param secrets          secrets mounted under {@code /run/secrets}
 * @param configs          configs mounted at their target
 * @param pid              PID namespace, {@code host} or null
 * @param ipc              IPC namespace, {@code host}, {@code shareable}, ... or null
 * @param tty              allocate a TTY
 * @param stdinOpen        keep stdin open
 */
public record Service(String name, String image, String pullPolicy, List<String> command, List<String> entrypoint,
                      Map<String, String> environment, Map<String, String> labels, List<Port> ports,
                      List<String> expose, List<Mount> volumes, Map<String, Attachment> networks,
                      String networkMode, Map<String, Dependency> dependsOn, Healthcheck healthcheck, String restart,
                      String user, String workingDir, String hostname, String domainname, List<String> extraHosts,
                      List<String> dns, List<String> dnsSearch, List<String> capAdd, List<String> capDrop,
                      boolean privileged, List<String> securityOpt, List<Device> devices,
                      Map<String, String> sysctls, Map<String, Ulimit> ulimits, List<String> tmpfs, Boolean init,
                      boolean readOnly, Long shmSize, String stopSignal, Long stopGracePeriod, Long memLimit,
                      Double cpus, Long pidsLimit, Deploy deploy, Logging logging, String containerName,
                      List<String> profiles, List<FileGrant> secrets, List<FileGrant> configs, String pid,
                      String ipc, boolean tty, boolean stdinOpen) {

    /** Makes null collections empty. */
    public Service {
        environment = Models.map(environment);
        labels = Models.map(labels);
        ports = Models.list(ports);
        expose = Models.list(expose);
        volumes = Models.list(volumes);
        networks = Models.map(networks);
        dependsOn = Models.map(dependsOn);
        extraHosts = Models.list(extraHosts);
        dns = Models.list(dns);
        dnsSearch = Models.list(dnsSearch);
        capAdd = Models.list(capAdd);
        capDrop = Models.list(capDrop);
        securityOpt = Models.list(securityOpt);
        devices = Models.list(devices);
        sysctls = Models.map(sysctls);
        ulimits = Models.map(ulimits);
        tmpfs = Models.list(tmpfs);
        profiles = Models.list(profiles);
        secrets = Models.list(secrets);
        configs = Models.list(configs);
    }

    /** @return how many containers the service runs: {@code deploy.replicas}, 1 when not given */
    public int replicas() {
        return deploy == null || deploy.replicas() == null ? 1 : deploy.replicas();
    }

    /**
     * A published port.
     *
     * @param target    container port
     * @param published host port or range, null or empty for an ephemeral one
     * @param hostIp    host address to bind, null for all
     * @param protocol  {@code tcp} or {@code udp}
     * @param mode      {@code host} or {@code ingress} (only meaningful in Swarm)
     */
    public record Port(int target, String published, String hostIp, String protocol, String mode) {
    }

    /**
     * A mount.
     *
     * @param type     {@code volume}, {@code bind} or {@code tmpfs}
     * @param source   volume key (volume), host path (bind; absolute after loading), null (anonymous or tmpfs)
     * @param target   path in the container
     * @param readOnly mounted read-only
     * @param bind     bind options
     * @param volume   volume options
     * @param tmpfs    tmpfs options
     */
    public record Mount(String type, String source, String target, boolean readOnly, BindOptions bind,
                        VolumeOptions volume, TmpfsOptions tmpfs) {
    }

    /**
     * Bind mount options.
     *
     * @param propagation    propagation mode
     * @param createHostPath create the host folder when missing (the short form's behaviour)
     */
    public record BindOptions(String propagation, Boolean createHostPath) {
    }

    /**
     * Volume mount options.
     *
     * @param nocopy do not copy the image's data into a new volume
     */
    public record VolumeOptions(Boolean nocopy) {
    }

    /**
     * Tmpfs mount options.
     *
     * @param size size in bytes
     */
    public record TmpfsOptions(Long size) {
    }

    /**
     * How a service joins a network.
     *
     * @param aliases     extra DNS names on that network
     * @param ipv4Address fixed IPv4 address
     * @param ipv6Address fixed IPv6 address
     * @param priority    connection order, higher first
     */
    public record Attachment(List<String> aliases, String ipv4Address, String ipv6Address, Integer priority) {

        /** Makes null lists empty. */
        public Attachment {
            aliases = Models.list(aliases);
        }
    }

    /**
     * A dependency on another service.
     *
     * @param condition {@code service_started}, {@code service_healthy} or {@code service_completed_successfully}
     * @param restart   restart this service when the dependency is recreated
     * @param required  fail when the dependency is missing (default true)
     */
    public record Dependency(String condition, Boolean restart, Boolean required) {
    }

    /**
     * A healthcheck.
     *
     * @param test          the test, Docker's form ({@code CMD ...}, {@code CMD-SHELL ...} or {@code NONE})
     * @param interval      nanoseconds between checks
     * @param timeout       nanoseconds before a check fails
     * @param startPeriod   nanoseconds of grace at start
     * @param startInterval nanoseconds between checks during the start period
     * @param retries       failures before unhealthy
     * @param disable       no healthcheck, not even the image's
     */
    public record Healthcheck(List<String> test, Long interval, Long timeout, Long startPeriod, Long startInterval,
                              Integer retries, boolean disable) {

        /** Makes a null list empty. */
        public Healthcheck {
            test = Models.list(test);
        }
    }

    /**
     * A device mapping.
     *
     * @param source      host device
     * @param target      container device
     * @param permissions cgroup permissions, {@code rwm} by default
     */
    public record Device(String source, String target, String permissions) {
    }

    /**
     * A resource limit.
     *
     * @param soft soft limit
     * @param hard hard limit
     */
    public record Ulimit(long soft, long hard) {
    }

    /**
     * The parts of {@code deploy} that apply outside Swarm.
     *
     * @param replicas  containers to run
     * @param resources resource limits
     */
    public record Deploy(Integer replicas, Resources resources) {
    }

    /**
     * Resource limits and reservations.
     *
     * @param limits       upper bounds
     * @param reservations reservations (memory only, as Docker applies it)
     */
    public record Resources(Limits limits, Limits reservations) {
    }

    /**
     * Resource amounts.
     *
     * @param cpus   CPUs
     * @param memory bytes
     * @param pids   processes
     */
    public record Limits(Double cpus, Long memory, Long pids) {
    }

    /**
     * The log driver.
     *
     * @param driver  driver name
     * @param options driver options
     */
    public record Logging(String driver, Map<String, String> options) {

        /** Makes null options empty. */
        public Logging {
            options = Models.map(options);
        }
    }

    /**
     * A secret or config a service uses.
     *
     * @param source the top-level secret or config key
     * @param target where it appears: a path, or a name under {@code /run/secrets} for secrets
     * @param uid    owner (not applied to bind-mounted files, as in Docker Compose)
     * @param gid    group (as above)
     * @param mode   permissions (as above)
     */
    public record FileGrant(String source, String target, String uid, String gid, Integer mode) {
    }
}
