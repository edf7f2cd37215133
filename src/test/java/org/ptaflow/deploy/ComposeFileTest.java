package org.ptaflow.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.xml.parsers.DocumentBuilderFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ptaflow.cli.ComposeArgs;
import org.ptaflow.cli.PtaflowCommand;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * docker-compose.yml cannot run here (no Docker daemon), so this checks what can be checked without one: the
 * services, the host paths they mount, the ptaflow command lines (parsed by the CLI's own option check), the
 * scenario files they name, the job jar's name against the pom, the image tags, the topics, and the Kafka and
 * Flink settings the job relies on. With Debian's docker-compose on the PATH it also validates the file.
 */
class ComposeFileTest {
    private static final Path COMPOSE = Paths.get("docker-compose.yml");
    private static final Set<String> FLINK_CLUSTER = Set.of("jobmanager", "taskmanager", "submit-job");
    private static final Pattern FLINK_IMAGE = Pattern.compile("flink:2\\.2(\\.\\d+)?-scala_2\\.12-java17");
    private static final Pattern KAFKA_IMAGE = Pattern.compile("apache/kafka:4\\.\\d+\\.\\d+");

    private static JsonNode compose;
    private static JsonNode services;

    @BeforeAll
    static void read() throws Exception {
        compose = new ObjectMapper(new YAMLFactory()).readTree(COMPOSE.toFile());
        services = compose.path("services");
    }

    private record Mount(String source, String target, boolean hostPath) {}

    private static List<Mount> mounts(String service) {
        List<Mount> mounts = new ArrayList<>();
        for (JsonNode v : services.path(service).path("volumes")) {
            assertTrue(v.isTextual(), service + ": volumes in the short syntax, got " + v);
            String[] parts = v.asText().split(":");
            assertTrue(parts.length == 2 || parts.length == 3, service + ": volume " + v);
            String source = parts[0];
            boolean host = source.startsWith(".") || source.startsWith("/") || source.startsWith("~");
            mounts.add(new Mount(source, parts[1], host));
        }
        return mounts;
    }

    /** The host path (relative to the repository) a container path of a service comes from, or null. */
    private static Path hostPath(String service, String containerPath) {
        Mount best = null;
        for (Mount m : mounts(service)) {
            if ((containerPath.equals(m.target()) || containerPath.startsWith(m.target() + "/"))
                    && (best == null || m.target().length() > best.target().length())) {
                best = m;
            }
        }
        if (best == null || !best.hostPath()) {
            return null;
        }
        String rest = containerPath.substring(best.target().length());
        return Paths.get(best.source() + rest).normalize();
    }

    private static List<String> texts(JsonNode array) {
        List<String> list = new ArrayList<>();
        array.forEach(n -> list.add(n.asText()));
        return list;
    }

    private static String option(List<String> args, String name) {
        int i = args.indexOf(name);
        assertTrue(i >= 0 && i + 1 < args.size(), "no value for " + name + " in " + args);
        return args.get(i + 1);
    }

    /** Every value of a repeatable option, in order. */
    private static List<String> options(List<String> args, String name) {
        List<String> values = new java.util.ArrayList<>();
        for (int i = 0; i + 1 < args.size(); i++) {
            if (args.get(i).equals(name)) {
                values.add(args.get(i + 1));
            }
        }
        return values;
    }

    /** The broker's address for containers: the advertised listener of the inter-broker listener name. */
    private static String kafkaInternalAddress() {
        JsonNode env = services.path("kafka").path("environment");
        String name = env.path("KAFKA_INTER_BROKER_LISTENER_NAME").asText();
        for (String listener : env.path("KAFKA_ADVERTISED_LISTENERS").asText().split(",")) {
            if (listener.startsWith(name + "://")) {
                return listener.substring(name.length() + 3);
            }
        }
        throw new AssertionError("no advertised listener " + name);
    }

    /** target/ARTIFACT-VERSION-CLASSIFIER.jar as the pom's shade plugin names the job jar. */
    private static Path jobJarFromPom() throws Exception {
        Document pom = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new File("pom.xml"));
        Element project = pom.getDocumentElement();
        String artifact = directChild(project, "artifactId");
        String version = directChild(project, "version");
        String classifier = pom.getElementsByTagName("shadedClassifierName").item(0).getTextContent().trim();
        return Paths.get("target", artifact + "-" + version + "-" + classifier + ".jar");
    }

    /** The job jar's Main-Class, as the pom's shade configuration sets it. */
    private static String mainClassOfTheJobJar() throws Exception {
        Document pom = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new File("pom.xml"));
        return pom.getElementsByTagName("mainClass").item(0).getTextContent().trim();
    }

    private static String directChild(Element parent, String name) {
        for (org.w3c.dom.Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(name)) {
                return e.getTextContent().trim();
            }
        }
        throw new AssertionError("pom.xml has no " + name);
    }

    @Test
    void theServicesAreThere() {
        Set<String> names = new TreeSet<>();
        services.fieldNames().forEachRemaining(names::add);
        assertEquals(new TreeSet<>(Set.of("kafka", "topic-init", "checkpoint-dir-init", "jobmanager", "taskmanager",
                "submit-job", "simulator", "postgres")), names);
    }

    @Test
    void everyMountedHostPathExistsOrIsTheBuildOutput() {
        Set<String> namedVolumes = new TreeSet<>();
        compose.path("volumes").fieldNames().forEachRemaining(namedVolumes::add);
        int hostMounts = 0;
        for (Iterator<String> it = services.fieldNames(); it.hasNext(); ) {
            String service = it.next();
            for (Mount m : mounts(service)) {
                if (!m.hostPath()) {
                    assertTrue(namedVolumes.contains(m.source()), service + ": undeclared volume " + m.source());
                    continue;
                }
                hostMounts++;
                Path p = Paths.get(m.source()).normalize();
                assertTrue(p.equals(Paths.get("target")) || Files.exists(p),
                        service + " mounts " + m.source() + ", which is not in the repository");
                assertTrue(!p.isAbsolute() && !p.startsWith(".."), service + ": host path outside the repository: "
                        + m.source());
            }
        }
        assertTrue(hostMounts >= 8, "host mounts seen: " + hostMounts);
    }

    @Test
    void theJobCommandLineParsesAndNamesFilesThatExist() throws Exception {
        List<String> command = texts(services.path("submit-job").path("command"));
        assertEquals(List.of("flink", "run", "-d", "-m", "jobmanager:8081"), command.subList(0, 5));
        int jar = 5;
        assertTrue(command.get(jar).endsWith(".jar"), "the jar follows the flink options: " + command);
        assertEquals(jobJarFromPom(), hostPath("submit-job", command.get(jar)), "job jar name against the pom");

        List<String> args = command.subList(jar + 1, command.size());
        // flink run starts the jar's main class, the cluster entry point
        assertEquals(org.ptaflow.cli.PtaflowJob.class.getName(), mainClassOfTheJobJar());
        assertNull(ComposeArgs.jobUsageProblem(args.toArray(String[]::new)), "ptaflow-job " + args);
        assertEquals("run", args.get(0));
        assertEquals("kafka", option(args, "--source"));
        assertEquals("kafka", option(args, "--sink"));
        assertEquals(kafkaInternalAddress(), option(args, "--bootstrap-servers"));
        // The rows also go to the postgres service, with the database, user and password it is started with.
        assertEquals(List.of("kafka", "postgres"), options(args, "--sink"));
        JsonNode postgres = services.path("postgres").path("environment");
        assertEquals("jdbc:postgresql://postgres:5432/" + postgres.path("POSTGRES_DB").asText(),
                option(args, "--jdbc-url"));
        assertEquals(postgres.path("POSTGRES_USER").asText(), option(args, "--jdbc-user"));
        assertEquals(postgres.path("POSTGRES_PASSWORD").asText(),
                services.path("submit-job").path("environment").path("PTAFLOW_JDBC_PASSWORD").asText());
        assertEquals("service_healthy",
                services.path("submit-job").path("depends_on").path("postgres").path("condition").asText());
        Path scenario = hostPath("submit-job", option(args, "--scenario"));
        assertNotNull(scenario, "the scenario is not in a mounted folder");
        assertTrue(Files.isRegularFile(scenario), scenario + " does not exist");
    }

    @Test
    void theSimulatorCommandLineParsesAndNamesFilesThatExist() throws Exception {
        List<String> command = texts(services.path("simulator").path("command"));
        assertEquals(List.of("java", "-cp"), command.subList(0, 2));
        String[] classpath = command.get(2).split(":");
        assertEquals(jobJarFromPom(), hostPath("simulator", classpath[0]), "job jar name against the pom");
        int main = command.indexOf(PtaflowCommand.class.getName());
        assertEquals(3, main, "main class after the class path: " + command);

        List<String> args = command.subList(main + 1, command.size());
        assertNull(ComposeArgs.usageProblem(args.toArray(String[]::new)), "ptaflow " + args);
        assertEquals("simulate", args.get(0));
        assertTrue(args.contains("--to-kafka"), "simulator writes to Kafka: " + args);
        assertEquals(kafkaInternalAddress(), option(args, "--bootstrap-servers"));
        Path scenario = hostPath("simulator", option(args, "--scenario"));
        assertNotNull(scenario, "the scenario is not in a mounted folder");
        assertTrue(Files.isRegularFile(scenario), scenario + " does not exist");
    }

    @Test
    void theCommandLineCheckRejectsWhatTheCliRejects() {
        // So that a null above means something.
        assertNotNull(ComposeArgs.usageProblem("run", "--to-kafka"));
        assertNotNull(ComposeArgs.usageProblem("simulate", "--source", "kafka"));
        assertNotNull(ComposeArgs.usageProblem("run", "--bootstrap-servers"));
        assertNotNull(ComposeArgs.usageProblem("submit"));
        assertNotNull(ComposeArgs.jobUsageProblem("run", "--to-kafka"));
        assertNotNull(ComposeArgs.jobUsageProblem("--bootstrap-servers"));
    }

    @Test
    void imagesAreFlink22AndKafka4() {
        for (Iterator<Map.Entry<String, JsonNode>> it = services.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> s = it.next();
            String image = s.getValue().path("image").asText();
            if (s.getKey().equals("kafka") || s.getKey().equals("topic-init")) {
                assertTrue(KAFKA_IMAGE.matcher(image).matches(), s.getKey() + ": " + image);
            } else if (s.getKey().equals("postgres")) {
                assertEquals("postgres:15", image);
            } else {
                assertTrue(FLINK_IMAGE.matcher(image).matches(), s.getKey() + ": " + image);
            }
        }
    }

    @Test
    void kafkaIsASingleNodeKRaftBroker() {
        JsonNode env = services.path("kafka").path("environment");
        assertEquals("broker,controller", env.path("KAFKA_PROCESS_ROLES").asText());
        for (String key : List.of("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR",
                "KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR", "KAFKA_TRANSACTION_STATE_LOG_MIN_ISR",
                "KAFKA_SHARE_COORDINATOR_STATE_TOPIC_REPLICATION_FACTOR", "KAFKA_SHARE_COORDINATOR_STATE_TOPIC_MIN_ISR")) {
            assertEquals("1", env.path(key).asText(), key);
        }
        assertEquals("kafka:9092", kafkaInternalAddress());
        assertEquals("false", env.path("KAFKA_AUTO_CREATE_TOPICS_ENABLE").asText());
        assertTrue(env.path("KAFKA_TRANSACTION_MAX_TIMEOUT_MS").isMissingNode(),
                "transaction.max.timeout.ms stays at its default (15 min)");
    }

    @Test
    void topicInitCreatesEveryTopicImpactRowsCompacted() {
        String script = String.join("\n", texts(services.path("topic-init").path("command")));
        Matcher m = Pattern.compile("--topic (\\S+)([^\\n]*)").matcher(script);
        // The job's own list of the topics it reads and writes, with the ones it wants compacted.
        Map<String, Boolean> expected = new TreeMap<>();
        for (var topic : org.ptaflow.cli.ComposeArgs.jobTopics()) {
            expected.put(topic.getKey(), topic.getValue());
        }
        Map<String, Boolean> topics = new TreeMap<>();
        while (m.find()) {
            topics.put(m.group(1), m.group(2).contains("--config cleanup.policy=compact"));
        }
        assertEquals(expected, topics, "topic-init creates the job's topics, compacted where the job wants it");
        assertTrue(script.contains("--create"), script);
        assertEquals("service_healthy",
                services.path("topic-init").path("depends_on").path("kafka").path("condition").asText());
    }

    @Test
    void flinkServicesRunTheRepositoryConfigAndShareTheCheckpointDirectory() throws Exception {
        JsonNode config = new ObjectMapper(new YAMLFactory()).readTree(Paths.get("conf/flink/config.yaml").toFile());
        String checkpoints = config.path("execution").path("checkpointing").path("dir").asText();
        assertEquals("file:///tmp/flink-checkpoints", checkpoints);
        String checkpointPath = checkpoints.substring("file://".length());
        for (String service : FLINK_CLUSTER) {
            JsonNode s = services.path(service);
            List<String> entrypoint = texts(s.path("entrypoint"));
            assertEquals(List.of("/bin/bash", "-c"), entrypoint.subList(0, 2), service);
            Matcher cp = Pattern.compile("^cp (\\S+) /opt/flink/conf/config\\.yaml && exec /docker-entrypoint\\.sh "
                    + "\"\\$\\$@\"$").matcher(entrypoint.get(2));
            assertTrue(cp.matches(), service + ": " + entrypoint.get(2));
            assertEquals(Paths.get("conf/flink/config.yaml"), hostPath(service, cp.group(1)), service);
            assertEquals("jobmanager", s.path("environment").path("JOB_MANAGER_RPC_ADDRESS").asText(), service);
        }
        assertEquals(List.of("jobmanager"), texts(services.path("jobmanager").path("command")));
        assertEquals(List.of("taskmanager"), texts(services.path("taskmanager").path("command")));
        for (String service : List.of("jobmanager", "taskmanager", "checkpoint-dir-init")) {
            assertTrue(mounts(service).contains(new Mount("flink-checkpoints", checkpointPath, false)),
                    service + " mounts the checkpoint volume at " + checkpointPath);
        }
        assertEquals("8081:8081", services.path("jobmanager").path("ports").path(0).asText());
    }

    @Test
    void dockerComposeValidatesTheFile(@TempDir Path tmp) throws Exception {
        String exe = onPath("docker-compose");
        assumeTrue(exe != null, "docker-compose is not on the PATH");
        Result ok = run(exe, "-f", COMPOSE.toAbsolutePath().toString(), "config");
        assertEquals(0, ok.status, ok.output);
        assertTrue(ok.output.contains("submit-job"), ok.output);

        // The same check fails on a broken file.
        Path broken = tmp.resolve("docker-compose.yml");
        Files.writeString(broken, Files.readString(COMPOSE).replace("condition: service_healthy",
                "condition: service_sleeping"), StandardCharsets.UTF_8);
        Result bad = run(exe, "-f", broken.toString(), "config");
        assertNotEquals(0, bad.status, bad.output);
    }

    private record Result(int status, String output) {}

    private static Result run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "timed out: " + String.join(" ", command));
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    private static String onPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Paths.get(dir, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        return null;
    }
}
