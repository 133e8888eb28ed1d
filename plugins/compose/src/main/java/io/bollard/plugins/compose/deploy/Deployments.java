package io.bollard.plugins.compose.deploy;

import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.model.AuthConfig;
import io.bollard.compose.ComposeException;
import io.bollard.compose.apply.ApplyContext;
import io.bollard.compose.apply.ApplyException;
import io.bollard.compose.apply.Deployer;
import io.bollard.compose.apply.ConditionFailedException;
import io.bollard.compose.apply.EngineState;
import io.bollard.compose.apply.ProgressEvent;
import io.bollard.compose.load.ComposeFile;
import io.bollard.compose.load.LoadRequest;
import io.bollard.compose.load.LoadedProject;
import io.bollard.compose.load.ProjectLoader;
import io.bollard.compose.model.Project;
import io.bollard.compose.model.Service;
import io.bollard.compose.plan.ComposeLabels;
import io.bollard.compose.plan.PlanOptions;
import io.bollard.compose.validate.Policy;
import io.bollard.files.FileAccessException;
import io.bollard.files.Sandbox;
import io.bollard.plugin.RequiresPlugin;
import io.bollard.plugin.docker.DockerErrors;
import io.bollard.plugin.docker.ImageReferences;
import io.bollard.plugin.docker.RegistryAuth;
import io.bollard.plugin.docker.StackTurns;
import io.bollard.plugin.docker.VisibleContainers;
import io.bollard.plugin.error.ApiException;
import io.bollard.plugin.filter.LabelFilter;
import io.bollard.plugins.compose.ComposePlugin;
import io.bollard.plugins.compose.manage.Stacks;
import io.bollard.plugins.compose.stack.DeployOutcome;
import io.bollard.plugins.compose.stack.StackRecord;
import io.bollard.plugins.compose.stack.StackStore;
import io.micronaut.context.annotation.Property;
import io.micronaut.http.HttpStatus;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Runs deploys, one per stack at a time: checks the request, loads and checks the project, writes the stack's files
 * and record, then runs the deploy on its own thread to its end and records the outcome. Stop and remove take the
 * same per-stack turn, so they never race a deploy.
 */
@Singleton
@RequiresPlugin(ComposePlugin.ID)
public class Deployments {

    private static final Logger LOG = LoggerFactory.getLogger(Deployments.class);

    /** The network modes Docker itself defines. */
    private static final java.util.Set<String> BUILT_IN_NETWORK_MODES = java.util.Set.of("bridge", "host", "none",
            "default");

    private final Deployer deployer;
    private final StackStore store;
    private final Stacks stacks;
    private final LabelFilter filter;
    private final VisibleContainers visible;
    private final Policy policy;
    private final Duration waitLimit;
    /** What a deploy, stop or remove holds its stack's turn as; an edit of a container holds it otherwise. */
    private static final String OWN_TURN = "a deploy, stop or remove of the stack";

    private final StackTurns turns;
    /** Set when the agent stops: a deploy that fails then was cut off, not refused. */
    private volatile boolean stopping;
    private final ExecutorService threads = Executors.newThreadPerTaskExecutor(
            Thread.ofPlatform().name("compose-deploy-", 0).daemon(true).factory());

    /**
     * @param deployer    the compose library's deployer
     * @param store       stack files and records
     * @param stacks      stack visibility
     * @param filter      the filter in force (its labels go on everything created)
     * @param visible     the containers the filter lets the caller see
     * @param turns       one change of a stack at a time, edits of its containers included
     * @param policy      {@code permissive} or {@code restricted}
     * @param waitSeconds longest wait for a dependency's condition
     */
    public Deployments(Deployer deployer, StackStore store, Stacks stacks, LabelFilter filter,
                       VisibleContainers visible, StackTurns turns,
                       @Property(name = ComposePlugin.POLICY, defaultValue = "permissive") String policy,
                       @Property(name = ComposePlugin.WAIT_SECONDS, defaultValue = "300") long waitSeconds) {
        this.deployer = deployer;
        this.turns = turns;
        this.store = store;
        this.stacks = stacks;
        this.filter = filter;
        this.visible = visible;
        this.policy = Policy.of(policy);
        this.waitLimit = Duration.ofSeconds(waitSeconds);
    }

    /** A deploy under way: its events so far and to come, and its outcome. */
    public static final class Run {
        private final String name;
        private final Sinks.Many<Object> events = Sinks.many().replay().all();
        private final CompletableFuture<DeployResult> result = new CompletableFuture<>();
        private volatile Throwable failure;

        Run(String name) {
            this.name = name;
        }

        /** @return the stack */
        public String name() {
            return name;
        }

        /** @return every event from the start, then the result; a subscriber leaving does not stop the deploy */
        public Flux<Object> events() {
            return events.asFlux();
        }

        /** @return the result, when the deploy ends */
        public CompletableFuture<DeployResult> result() {
            return result;
        }

        /** @return what made the deploy fail, or null */
        public Throwable failure() {
            return failure;
        }

        private synchronized void emit(Object event) {
            events.tryEmitNext(event);
        }
    }

    /**
     * @param name a stack
     * @return whether a deploy, stop or remove of it runs now
     */
    public boolean isBusy(String name) {
        return OWN_TURN.equals(turns.holder(name));
    }

    /**
     * Runs an action in the stack's turn.
     *
     * @param name   the stack
     * @param action what to do
     * @param <T>    its result
     * @return its result
     * @throws ApiException 409 when the stack is busy
     */
    public <T> T exclusive(String name, Supplier<T> action) {
        take(name);
        try {
            return action.get();
        } finally {
            turns.release(name);
        }
    }

    private void take(String name) {
        if (!turns.take(name, OWN_TURN)) {
            throw ApiException.conflict("stack " + name + " is busy (" + turns.describeHolder(name) + " is running); "
                    + "try again when it ends");
        }
    }

    /**
     * Starts a deploy. Everything that can be refused is refused before this returns; nothing is written then.
     *
     * @param request the request
     * @return the running deploy
     * @throws ApiException 400 for a bad request or Compose file, 403 for what the policy refuses, 404 for a stack
     *                      the filter hides, 409 when the stack is busy
     */
    public Run start(DeployRequest request) {
        if (request == null) {
            throw ApiException.badRequest("a body {name, compose, env?, files?, registry_auths?, remove_orphans?, "
                    + "pull?} is required");
        }
        String name = StackStore.checkName(request.name());
        if (request.compose() == null || request.compose().isBlank()) {
            throw ApiException.badRequest("compose must hold the Compose file's text");
        }
        Map<String, String> files = new TreeMap<>();
        (request.files() == null ? Map.<String, String>of() : request.files()).forEach((path, text) -> {
            // One spelling per file (./.env is .env), so later lookups and the reserved name see what is written.
            String key = normalised(path);
            if (key.equals(StackStore.COMPOSE_FILE)) {
                throw ApiException.badRequest("files: " + StackStore.COMPOSE_FILE + " is the compose field's");
            }
            if (files.put(key, text == null ? "" : text) != null) {
                throw ApiException.badRequest("files: '" + path + "' is given twice");
            }
        });
        foldersNotFiles(files);
        Map<String, String> env = request.env() == null ? Map.of() : Map.copyOf(request.env());
        Map<String, AuthConfig> auths = auths(request.registryAuths());
        stacks.requireVisible(name);
        take(name);
        boolean started = false;
        StackStore.Written staged = null;
        try {
            LoadedProject loaded = load(name, request.compose(), files, env);
            Project project = loaded.project();
            imagesDockerTakes(project);
            List<Map.Entry<String, String>> keptWritable = keptWritableBinds(project,
                    Boolean.TRUE.equals(request.removeOrphans()));
            policy.check(project, store.hostDir(name), store.existingSandbox(name).orElse(null), keptWritable);
            hostFoldersRefusedUnderAFilter(project, name, keptWritable);
            joinedContainersVisible(project);
            networkModesUnderAFilter(project);
            namesMatchTheFilter(project);
            hiddenObjectsRefused(project);
            List<String> warnings = new ArrayList<>(loaded.warnings());
            if (!Boolean.TRUE.equals(request.removeOrphans())) {
                orphansWarning(project).ifPresent(warnings::add);
            }
            Map<String, String> written = new LinkedHashMap<>(files);
            written.put(StackStore.COMPOSE_FILE, request.compose());
            Optional<StackRecord> previous = store.record(name);
            staged = store.write(name, written);
            StackRecord record = new StackRecord(name, List.copyOf(written.keySet()), env,
                    Boolean.TRUE.equals(request.removeOrphans()), new DeployOutcome("running", List.of(), null, null,
                    warnings, Instant.now().toString(), null), project.services().values().stream()
                    .filter(s -> s.replicas() > 0).map(Service::name).sorted().toList());
            store.save(record);
            Run run = new Run(name);
            ApplyContext context = new ApplyContext(project, store.hostDir(name).toString(),
                    List.of(StackStore.COMPOSE_FILE), filter.labelsForNewObjects(), auths, waitLimit,
                    inputs(name, project), visible::resolveId);
            PlanOptions options = new PlanOptions(Boolean.TRUE.equals(request.removeOrphans()),
                    Boolean.TRUE.equals(request.pull()));
            StackStore.Written stagedFiles = staged;
            threads.execute(() -> run(run, record, context, options, warnings, stagedFiles, previous));
            started = true;
            return run;
        } catch (ComposeException e) {
            boolean refused = e.getMessage().startsWith("AGENT_COMPOSE_POLICY");
            throw new ApiException(refused ? HttpStatus.FORBIDDEN : HttpStatus.BAD_REQUEST,
                    refused ? "policy_refused" : "invalid_compose", e.getMessage());
        } catch (FileAccessException e) {
            throw ApiException.badRequest("files: " + e.getMessage());
        } finally {
            if (!started) {
                if (staged != null) {
                    undo(name, staged);
                }
                turns.release(name); // whatever went wrong, even an Error, the stack is not left locked
            }
        }
    }

    /**
     * With a label filter, a stack binds host folders (and secret or config files) inside its own folder only, as an
     * edit mounts no new host folder, and makes no volume whose driver options mount the host: any other host folder
     * can hold hidden volumes' data (Docker's volumes folder, a parent of it, a link to it). Nor does it bind one
     * inside a folder a container mounts writable: that container could swap it for a link out of the stack folder
     * between the agent's check and Docker's mount.
     */
    private void hostFoldersRefusedUnderAFilter(Project project, String name,
                                                List<Map.Entry<String, String>> keptWritable) {
        if (filter.isEmpty()) {
            return;
        }
        List<String> outside = new ArrayList<>(Policy.outsideTheStackFolder(project, store.hostDir(name),
                store.existingSandbox(name).orElse(null)));
        outside.addAll(Policy.sourcesInsideWritableFolders(project, store.hostDir(name),
                store.existingSandbox(name).orElse(null), keptWritable));
        // A volume's driver options bind a host folder as well as a bind mount does (type: none, o: bind).
        outside.addAll(Policy.volumesMountingTheHost(project));
        if (!outside.isEmpty()) {
            throw ApiException.badRequest("with a label filter (DOCKER_FILTER), a stack binds host folders and "
                    + "files inside its stack folder only (others can hold hidden volumes): "
                    + String.join("; ", outside));
        }
    }

    /** Refuses, before anything is written, an image name Docker would refuse only at the container's create. */
    private static void imagesDockerTakes(Project project) {
        List<String> refused = project.services().values().stream()
                .filter(s -> !ImageReferences.isReference(s.image()))
                .map(s -> "services." + s.name() + ".image: '" + s.image() + "' is not an image reference Docker "
                        + "takes (lower-case repository such as registry:5000/team/app:1.2)")
                .toList();
        if (!refused.isEmpty()) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "invalid_compose", String.join("; ", refused));
        }
    }

    /** Names the containers a deploy leaves running though their services left the file, as Compose warns. */
    private Optional<String> orphansWarning(Project project) {
        List<String> orphans = fromEngine(engine -> engine.orphans(project));
        return orphans.isEmpty() ? Optional.empty() : Optional.of("orphan containers " + String.join(", ", orphans)
                + " belong to services no longer in the file and stay running; deploy with remove_orphans: true to "
                + "remove them");
    }

    /**
     * What the restricted policy and a label filter must weigh beside the file: writable binds of containers the
     * deploy keeps.
     */
    private List<Map.Entry<String, String>> keptWritableBinds(Project project, boolean removeOrphans) {
        if (policy == Policy.PERMISSIVE && filter.isEmpty()) {
            return List.of();
        }
        return fromEngine(engine -> engine.keptWritableBinds(project, removeOrphans));
    }

    /** Reads the engine's state; Docker's failures become the answers they map to. */
    private <T> T fromEngine(java.util.function.Function<EngineState, T> read) {
        try {
            return read.apply(deployer.engine());
        } catch (RuntimeException e) {
            throw DockerErrors.map(e);
        }
    }

    /**
     * Refuses a file whose folder is a file: another key, the Compose file or {@code .env}, which the stack needs as
     * files (a folder named {@code .env} would fail every later deploy).
     */
    private static void foldersNotFiles(Map<String, String> files) {
        for (String key : files.keySet()) {
            for (int slash = key.indexOf('/'); slash > 0; slash = key.indexOf('/', slash + 1)) {
                String folder = key.substring(0, slash);
                if (files.containsKey(folder) || folder.equals(StackStore.COMPOSE_FILE) || folder.equals(".env")) {
                    throw ApiException.badRequest("files: '" + key + "' needs " + folder + " to be a folder, but "
                            + folder + " is a file of the stack");
                }
            }
        }
    }

    private static String normalised(String path) {
        List<String> parts;
        try {
            parts = Sandbox.components(path);
        } catch (FileAccessException e) {
            throw ApiException.badRequest("files: '" + path + "': " + e.getMessage());
        }
        if (path.startsWith("/") || parts.contains("..") || parts.isEmpty()) {
            throw ApiException.badRequest("files: '" + path + "' must be a path inside the stack folder");
        }
        if (path.endsWith("/")) {
            throw ApiException.badRequest("files: '" + path + "' names a folder; files holds files only");
        }
        return String.join("/", parts);
    }

    /**
     * Refuses {@code container:X} namespaces (network, PID, IPC) naming a container the filter hides, exactly as a
     * missing one: joining one would reach what the filter hides.
     */
    private void joinedContainersVisible(Project project) {
        for (Service s : project.services().values()) {
            for (String mode : java.util.Arrays.asList(s.networkMode(), s.pid(), s.ipc())) {
                if (mode != null && mode.startsWith("container:")) {
                    visible.inspect(mode.substring("container:".length()));
                }
            }
        }
    }

    /**
     * With a label filter, a service's {@code network_mode} is a built-in mode or another container or service: a
     * network named there reaches Docker unchecked (a hidden one would be joined), where one under
     * {@code networks:} is checked like every other object of the stack.
     */
    private void networkModesUnderAFilter(Project project) {
        if (filter.isEmpty()) {
            return;
        }
        for (Service s : project.services().values()) {
            String mode = s.networkMode();
            if (mode != null && !BUILT_IN_NETWORK_MODES.contains(mode) && !mode.startsWith("container:")
                    && !mode.startsWith("service:")) {
                throw ApiException.badRequest("services." + s.name() + ".network_mode: " + mode + ": with a label "
                        + "filter (DOCKER_FILTER), a service joins a network under networks:, where the agent checks "
                        + "that the filter shows it");
            }
        }
    }

    /**
     * Refuses a stack whose containers the filter's name terms would hide: deployed, the agent could neither show
     * nor stop nor remove it. (Its labels are no obstacle: new objects get the filter's labels.)
     */
    private void namesMatchTheFilter(Project project) {
        if (filter.isEmpty()) {
            return;
        }
        Map<String, String> labels = filter.labelsForNewObjects();
        for (Service s : project.services().values()) {
            for (int n = 1; n <= Math.max(1, s.replicas()); n++) {
                String container = s.containerName() != null ? s.containerName()
                        : ComposeLabels.containerName(project.name(), s.name(), n);
                if (!filter.matches(container, labels)) {
                    throw ApiException.badRequest("service " + s.name() + ": its container " + container
                            + " would not match the agent's name filter (DOCKER_FILTER), so the stack could not be "
                            + "seen or removed through this agent; choose a stack name or container_name it matches");
                }
            }
        }
    }

    /**
     * Each service's inputs hash: the Docker names of the networks and volumes it uses, and the bytes of the stack
     * files it mounts one by one read-only (bind mounts of a file, secrets, configs). The stack's files are replaced by a
     * rename, so a container that mounts one file keeps the old bytes until it is made again; a volume or network
     * renamed in the file is a new one; both must recreate the service, though its own keys did not change.
     */
    private Map<String, String> inputs(String name, Project project) {
        Path hostDir = store.hostDir(name).normalize();
        Map<String, String> out = new TreeMap<>();
        for (Service s : project.services().values()) {
            List<String> parts = new ArrayList<>();
            new TreeMap<>(s.networks()).keySet().forEach(key -> parts.add("network " + key + "="
                    + (project.networks().containsKey(key) ? project.networks().get(key).name() : key)));
            for (Service.Mount m : s.volumes()) {
                if ("volume".equals(m.type()) && m.source() != null && project.volumes().containsKey(m.source())) {
                    parts.add("volume " + m.source() + "=" + project.volumes().get(m.source()).name());
                } else if ("bind".equals(m.type()) && m.readOnly()) {
                    // Read-only only: a file the container writes itself (acme.json, a database) changes between
                    // deploys without any change to the stack.
                    parts.add("bind " + m.source() + "=" + fileDigest(name, hostDir, m.source()));
                }
            }
            s.secrets().forEach(g -> parts.add("secret " + g.source() + "=" + fileDigest(name, hostDir,
                    project.secrets().containsKey(g.source()) ? project.secrets().get(g.source()).file() : null)));
            s.configs().forEach(g -> parts.add("config " + g.source() + "=" + fileDigest(name, hostDir,
                    project.configs().containsKey(g.source()) ? project.configs().get(g.source()).file() : null)));
            out.put(s.name(), sha256(String.join("\n", parts)));
        }
        return out;
    }

    /** The digest of a stack file's bytes, or "-" for anything else (a folder, a path outside, none). */
    private String fileDigest(String name, Path hostDir, String hostPath) {
        if (hostPath == null) {
            return "-";
        }
        Path p = Path.of(hostPath).normalize();
        if (!p.startsWith(hostDir) || p.equals(hostDir)) {
            return "-";
        }
        try {
            return store.digest(name, hostDir.relativize(p).toString()).orElse("-");
        } catch (RuntimeException notAFile) {
            return "-"; // a folder, or too large to read: its mount shows changes by itself, or nothing to compare
        }
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Refuses external networks and volumes that are missing or hidden, alike ({@code 400}), and existing ones the
     * file names to create that the filter hides ({@code 409}: another stack's data, named by {@code name:}).
     */
    private void hiddenObjectsRefused(Project project) {
        List<String> unusable = fromEngine(engine -> engine.unusableExternals(project));
        if (!unusable.isEmpty()) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "invalid_compose", String.join("; ", unusable));
        }
        List<String> hidden = fromEngine(engine -> engine.hiddenObjects(project));
        if (!hidden.isEmpty()) {
            throw ApiException.conflict(EngineState.hiddenMessage(hidden));
        }
    }

    /**
     * Loads a stack as deployed last, for its grace periods when stopping.
     *
     * @param name the stack
     * @return the project, or empty when the agent has no record or it no longer loads
     */
    public Optional<Project> deployed(String name) {
        try {
            Optional<StackRecord> record = store.record(name);
            Optional<String> compose = store.composeFile(name);
            if (record.isEmpty() || compose.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(load(name, compose.get(), Map.of(), record.get().env()).project());
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private LoadedProject load(String name, String compose, Map<String, String> files, Map<String, String> env) {
        String dotEnv = files.containsKey(".env") ? files.get(".env") : store.read(name, ".env").orElse(null);
        return ProjectLoader.load(new LoadRequest(name, List.of(new ComposeFile(StackStore.COMPOSE_FILE, compose)),
                dotEnv, env, path -> {
                    String key = path.startsWith("./") ? path.substring(2) : path;
                    if (files.containsKey(key)) {
                        return Optional.of(files.get(key));
                    }
                    try {
                        return store.read(name, key);
                    } catch (ApiException e) {
                        throw new ComposeException("env_file " + path + ": " + e.getMessage());
                    }
                }, store.hostDir(name)));
    }

    /**
     * Runs a deploy, records its outcome and releases the stack. A deploy that changed nothing (refused at its
     * plan or at its first step) puts the stack's previous files and record back, with this deploy's outcome: the
     * stored files stay those of what runs.
     */
    private void run(Run run, StackRecord record, ApplyContext context, PlanOptions options, List<String> warnings,
                     StackStore.Written files, Optional<StackRecord> previous) {
        String started = record.lastDeploy().startedAt();
        DeployOutcome outcome;
        DeployResult result;
        try {
            List<String> done = deployer.deploy(context, options, run::emit);
            outcome = new DeployOutcome("done", done, null, null, warnings, started, Instant.now().toString());
            result = new DeployResult("deploy", "done", "stack " + run.name() + " deployed: " + done.size()
                    + " steps", Instant.now().toString(), run.name(), done, warnings, null, null);
        } catch (ApplyException e) {
            run.failure = e.getCause();
            outcome = stopping ? interrupted(e.done(), warnings, started)
                    : new DeployOutcome("failed", e.done(), e.failed().toString(), e.reason(), warnings, started,
                    Instant.now().toString());
            result = new DeployResult("deploy", "error", e.getMessage(), Instant.now().toString(), run.name(),
                    e.done(), warnings, e.failed().toString(), DeployResult.FAILED);
        } catch (RuntimeException | Error e) {
            // An Error too: the outcome must be recorded and the stack released, or it stays locked.
            run.failure = e;
            String message = e instanceof ComposeException ? e.getMessage() : e instanceof Error
                    ? "the deploy stopped: " + e : DockerErrors.map(e).getMessage();
            outcome = stopping ? interrupted(List.of(), warnings, started)
                    : new DeployOutcome("failed", List.of(), null, message, warnings, started,
                    Instant.now().toString());
            result = new DeployResult("deploy", "error", message, Instant.now().toString(), run.name(), List.of(),
                    warnings, null, DeployResult.FAILED);
        }
        if (stopping && result.error() != null) {
            // What was cut off reads as such on the stream too, not as the step's failure to finish.
            result = new DeployResult("deploy", "error", outcome.error(), result.time(), run.name(),
                    outcome.operations(), warnings, result.failedStep(), DeployResult.INTERRUPTED);
        }
        // A deploy interrupted by the agent stopping still writes its record (an interrupted thread's file
        // channel would refuse).
        Thread.interrupted();
        try {
            if (outcome.status().equals("done") || !outcome.operations().isEmpty() || previous.isEmpty()) {
                files.keep();
                store.save(record.with(outcome));
            } else {
                undo(run.name(), files);
                store.save(previous.get().with(outcome));
            }
        } catch (RuntimeException e) {
            LOG.error("stack {}: the deploy ended ({}) but its record could not be saved: {}", run.name(),
                    outcome.status(), e.getMessage());
        } finally {
            turns.release(run.name());
            run.emit(result);
            run.events.tryEmitComplete();
            run.result.complete(result);
        }
    }

    private static void undo(String name, StackStore.Written files) {
        try {
            files.undo();
        } catch (RuntimeException e) {
            LOG.warn("stack {}: the deploy changed nothing, but its files could not all be put back: {}", name,
                    e.getMessage());
        }
    }

    /**
     * The answer for a failed deploy.
     *
     * @param result the result
     * @param cause  what failed, when known
     * @return the exception to answer with
     */
    static ApiException failure(DeployResult result, Throwable cause) {
        // A dependency's failed condition is the stack's own state (409); a name the engine does not know is the
        // file's (400; a 404 would read as a missing stack); other engine refusals keep their status.
        if (DeployResult.INTERRUPTED.equals(result.error())) {
            return new ApiException(HttpStatus.SERVICE_UNAVAILABLE, DeployResult.INTERRUPTED, result.message());
        }
        HttpStatus status = cause instanceof ConditionFailedException ? HttpStatus.CONFLICT
                : cause instanceof com.github.dockerjava.api.exception.NotFoundException ? HttpStatus.BAD_REQUEST
                : cause instanceof DockerException ? DockerErrors.map(cause).status()
                : cause instanceof ComposeException ? HttpStatus.BAD_REQUEST : HttpStatus.INTERNAL_SERVER_ERROR;
        return new ApiException(status, DeployResult.FAILED, result.message() + " (" + result.operations().size()
                + " steps done; GET " + ComposePlugin.STACKS + "/" + result.name() + " shows the stack)");
    }

    private static Map<String, AuthConfig> auths(Map<String, Object> given) {
        Map<String, AuthConfig> out = new TreeMap<>();
        if (given == null) {
            return out;
        }
        given.forEach((registry, auth) -> {
            String host = registry.replaceFirst("^https?://", "").replaceFirst("/.*$", "");
            if (host.equals("index.docker.io") || host.equals("registry-1.docker.io")) {
                host = "docker.io";
            }
            out.put(host, RegistryAuth.parse(auth));
        });
        return out;
    }

    private static DeployOutcome interrupted(List<String> done, List<String> warnings, String started) {
        return new DeployOutcome("interrupted", done, null, "the agent stopped during this deploy; deploy again to "
                + "finish it", warnings, started, Instant.now().toString());
    }

    /**
     * Stops running deploys when the agent stops: their waits are interrupted and each records itself as
     * interrupted, with the steps it did, before the Docker client closes under it.
     */
    @PreDestroy
    void close() throws InterruptedException {
        stopping = true;
        threads.shutdownNow();
        if (!threads.awaitTermination(3, TimeUnit.SECONDS)) {
            LOG.warn("deploys still running at shutdown: {}", turns.taken());
        }
    }
}
