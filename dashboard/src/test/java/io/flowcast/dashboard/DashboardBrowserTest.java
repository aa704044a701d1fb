package io.flowcast.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowcast.core.events.Alert;
import io.flowcast.kafka.EmbeddedKafkaBroker;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * End to end in headless Chromium (Debian's chromium and chromium-driver, never downloaded): a
 * demo-like stream runs through the in-process broker while the page is searched, a product
 * picked, its chart gains a point as a bucket closes, an injected alert appears and links to its
 * product, a model swap is read, and a product id made of markup is shown as text. The screenshot
 * goes to docs/dashboard.png.
 */
class DashboardBrowserTest {
    static final String CHROMIUM = System.getenv().getOrDefault("FLOWCAST_CHROMIUM", "/usr/bin/chromium");
    static final String CHROMEDRIVER = System.getenv().getOrDefault("FLOWCAST_CHROMEDRIVER", "/usr/bin/chromedriver");
    static final String HOSTILE_ID = "<script>window.__xss=1</script><img src=x onerror=\"window.__xss=2\">";

    private static EmbeddedKafkaBroker broker;
    private static DashboardServer dashboard;
    private static DemoLikeStream stream;
    private static ScheduledExecutorService clock;

    @BeforeAll
    static void start() {
        broker = new EmbeddedKafkaBroker(0).start();
        broker.createTopics(2, "forecasts", "alerts", "dead-letters");
        broker.createCompactedTopic("models");
        List<String> products = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            products.add(String.format("P%04d", i));
        }
        products.add(HOSTILE_ID);
        stream = new DemoLikeStream(broker.bootstrapServers(), products);
        for (int i = 0; i < 30; i++) {
            stream.closeBucket(); // history, as the demo loads it
        }
        DashboardConfig config = new DashboardConfig();
        config.bootstrapServers = broker.bootstrapServers();
        config.port = 0;
        dashboard = DashboardServer.start(config);
        clock = Executors.newSingleThreadScheduledExecutor();
        clock.scheduleWithFixedDelay(stream::closeBucket, 2, 2, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stop() throws Exception {
        if (clock != null) {
            clock.shutdownNow();
            clock.awaitTermination(5, TimeUnit.SECONDS);
        }
        if (stream != null) {
            stream.close();
        }
        if (dashboard != null) {
            dashboard.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void shouldShowTheLiveStreamInChromium() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of(CHROMIUM)) && Files.isExecutable(Path.of(CHROMEDRIVER)),
                "no " + CHROMIUM + " or " + CHROMEDRIVER + " (apt-get install -y chromium chromium-driver): dashboard browser test skipped");
        WebDriver driver = chrome();
        try {
            WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(30));
            driver.get("http://127.0.0.1:" + dashboard.port() + "/");

            // search by a substring, case-insensitive, and pick a product
            WebElement search = driver.findElement(By.id("search"));
            search.sendKeys("p001");
            wait.until(d -> texts(d, "#results li").contains("P0012"));
            assertThat(texts(driver, "#results li")).allMatch(t -> t.startsWith("P001")).hasSize(10);
            driver.findElements(By.cssSelector("#results li")).stream()
                    .filter(e -> e.getText().equals("P0012")).findFirst().orElseThrow().click();
            wait.until(d -> d.findElement(By.id("product-title")).getText().equals("P0012"));

            // the chart gains a point when the next bucket closes
            WebElement chart = driver.findElement(By.id("chart"));
            wait.until(d -> attr(chart, "data-actuals") > 0);
            long firstBucket = attr(chart, "data-last-bucket");
            long firstActuals = attr(chart, "data-actuals");
            assertThat(attr(chart, "data-steps")).isEqualTo((long) DemoLikeStream.HORIZON);
            wait.until(d -> attr(chart, "data-last-bucket") > firstBucket);
            assertThat(attr(chart, "data-actuals")).isGreaterThan(firstActuals);
            assertThat(driver.findElements(By.cssSelector("#chart canvas"))).isNotEmpty();

            // a late correction is shown as a revision of that bucket
            stream.reviseLastBucket("P0012", 12);
            wait.until(d -> d.findElement(By.id("actual-count")).getText().contains("late corrections: 1"));

            // an injected alert appears in the feed and links to its product
            stream.alert("P0033", Alert.Status.OPEN, "90 units against 12.5 expected (p90 20)");
            wait.until(d -> d.findElement(By.id("alerts")).getText().contains("CRITICAL SPIKE P0033"));
            WebElement alert = driver.findElement(By.cssSelector("#alerts li"));
            assertThat(alert.findElement(By.className("OPEN")).getText()).isEqualTo("OPEN");
            alert.findElement(By.className("product-link")).click();
            wait.until(d -> d.findElement(By.id("product-title")).getText().equals("P0033"));

            // a model swap: the trainer publishes v7, the following forecasts are served by it
            stream.publishModel("v7");
            wait.until(d -> d.findElement(By.id("swaps")).getText().contains("v7 published"));
            wait.until(d -> d.findElement(By.className("served-model")).getText().equals("lstm v7"));
            wait.until(d -> d.findElement(By.id("product-swaps")).getText().contains("robust-seasonal → lstm v7"));
            wait.until(d -> d.findElement(By.id("swaps")).getText().contains("v7 first forecast"));

            // live accuracy and throughput came from the same topics
            wait.until(d -> d.findElement(By.id("accuracy")).getText().contains("robust-seasonal"));
            assertThat(driver.findElement(By.id("throughput")).getText()).contains("forecasts out", "dead letters");
            wait.until(d -> !d.findElement(By.id("dead-letters")).getText().isEmpty());

            // markup in a product id (and in an alert) is text, never parsed
            stream.alert(HOSTILE_ID, Alert.Status.OPEN, "<img src=y onerror=\"window.__xss=3\">");
            search.clear();
            search.sendKeys("<script");
            wait.until(d -> texts(d, "#results li").contains(HOSTILE_ID));
            driver.findElements(By.cssSelector("#results li")).get(0).click();
            wait.until(d -> d.findElement(By.id("product-title")).getText().equals(HOSTILE_ID));
            wait.until(d -> d.findElement(By.id("alerts")).getText().contains("onerror=\"window.__xss=3\""));
            Object injected = ((JavascriptExecutor) driver).executeScript("return window.__xss === undefined ? null : window.__xss;");
            assertThat(injected).as("markup from the topics ran as code").isNull();
            assertThat(driver.findElements(By.cssSelector("#results img, #alerts img, #product-title img, #product-title script"))).isEmpty();

            // back to a normal product for the picture
            search.clear();
            ((JavascriptExecutor) driver).executeScript("location.hash = 'product=P0012'");
            wait.until(d -> d.findElement(By.id("product-title")).getText().equals("P0012"));
            wait.until(d -> d.findElement(By.className("served-model")).getText().equals("lstm v7"));
            Thread.sleep(800);
            Path shot = ((org.openqa.selenium.TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath();
            Path docs = repoRoot().resolve("docs");
            Files.copy(shot, docs.resolve("dashboard.png"), StandardCopyOption.REPLACE_EXISTING);
        } finally {
            driver.quit();
        }
    }

    @Test
    void shouldServeItsMetricsToPrometheus() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String body = "";
        long deadline = System.currentTimeMillis() + 20_000;
        while (!body.contains("flowcast_dashboard_records_total{topic=\"forecasts\"}") && System.currentTimeMillis() < deadline) {
            body = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + dashboard.port() + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            Thread.sleep(200);
        }
        Path grafana = repoRoot().resolve("deploy/grafana/flowcast.json");
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\b(flowcast_dashboard_[a-z0-9_]+)").matcher(Files.readString(grafana));
        int named = 0;
        while (m.find()) {
            named++;
            assertThat(body).as("Grafana names %s", m.group(1)).containsPattern("(?m)^" + m.group(1) + "[{ ]");
        }
        assertThat(named).isPositive();
        assertThat(body).contains("flowcast_dashboard_records_total{topic=\"forecasts\"}", "flowcast_dashboard_products",
                "flowcast_dashboard_sse_clients", "jvm_memory_used_bytes");
        // read-only: nothing answers a write
        int status = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + dashboard.port() + "/api/search?q=P"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        assertThat(status).isIn(404, 405);
    }

    static Path repoRoot() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.exists(p.resolve("flowcast"))) {
            p = p.getParent();
        }
        return p;
    }

    private static WebDriver chrome() {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1400,1000",
                "--disable-gpu");
        // the driver path given: Selenium Manager never looks for (or downloads) one
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(Path.of(CHROMEDRIVER).toFile())
                .usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    private static List<String> texts(WebDriver d, String css) {
        return d.findElements(By.cssSelector(css)).stream().map(WebElement::getText).toList();
    }

    private static long attr(WebElement e, String name) {
        String v = e.getAttribute(name);
        return v == null || v.isEmpty() ? 0 : Long.parseLong(v);
    }
}
