import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import groovy.lang.GroovySystem;
import org.codehaus.groovy.ast.ASTNode;
import org.codehaus.groovy.ast.AnnotatedNode;
import org.codehaus.groovy.ast.AnnotationNode;
import org.codehaus.groovy.ast.ClassCodeVisitorSupport;
import org.codehaus.groovy.ast.ClassHelper;
import org.codehaus.groovy.ast.ClassNode;
import org.codehaus.groovy.ast.ImportNode;
import org.codehaus.groovy.ast.ModuleNode;
import org.codehaus.groovy.ast.expr.CastExpression;
import org.codehaus.groovy.ast.expr.ClassExpression;
import org.codehaus.groovy.ast.expr.ConstructorCallExpression;
import org.codehaus.groovy.ast.expr.Expression;
import org.codehaus.groovy.ast.expr.MethodCallExpression;
import org.codehaus.groovy.ast.expr.MethodPointerExpression;
import org.codehaus.groovy.ast.expr.PropertyExpression;
import org.codehaus.groovy.ast.expr.StaticMethodCallExpression;
import org.codehaus.groovy.classgen.GeneratorContext;
import org.codehaus.groovy.control.ClassNodeResolver;
import org.codehaus.groovy.control.CompilationFailedException;
import org.codehaus.groovy.control.CompilationUnit;
import org.codehaus.groovy.control.CompilePhase;
import org.codehaus.groovy.control.CompilerConfiguration;
import org.codehaus.groovy.control.MultipleCompilationErrorsException;
import org.codehaus.groovy.control.Phases;
import org.codehaus.groovy.control.SourceUnit;
import org.codehaus.groovy.control.customizers.CompilationCustomizer;
import org.codehaus.groovy.control.customizers.SecureASTCustomizer;
import org.codehaus.groovy.control.messages.ExceptionMessage;
import org.codehaus.groovy.control.messages.Message;
import org.codehaus.groovy.control.messages.SimpleMessage;
import org.codehaus.groovy.control.messages.SyntaxErrorMessage;
import org.codehaus.groovy.syntax.SyntaxException;

/**
 * Compiles Boomi map-extension Groovy scripts under a security policy and reports problems. It never
 * runs a script: compilation stops at CANONICALIZATION (where SecureASTCustomizer runs), before any
 * bytecode is generated or any class is defined.
 *
 * Protocol: one JSON object a line. In: {"id":1,"script":"..."}. Out: {"ready":true,"groovy":"2.4.21"}
 * once at start, then {"id":1,"errors":[{"line":1,"column":1,"message":"...","type":"SYNTAX"}]} per
 * request (an empty list when the script compiles), or {"id":1,"internal":"..."} when the compiler broke.
 */
public final class GroovyScriptChecker {
  /**
   * §7.12's imports, fully qualified, plus the file, process and reflection classes it leaves out, and
   * System. With the indirect import check these may not be named at all, imported or not, so
   * System.out.println is refused too (map scripts log through ExecutionUtil.getBaseLogger()).
   */
  static final List<String> BLOCKED_IMPORTS = Arrays.asList(
      "java.lang.Runtime", "java.lang.ProcessBuilder", "java.lang.Process", "java.io.File", "java.io.FileInputStream",
      "java.io.FileOutputStream", "java.io.FileReader", "java.io.FileWriter", "java.io.RandomAccessFile",
      "java.net.Socket", "java.net.ServerSocket", "java.net.URL", "java.net.HttpURLConnection",
      "java.lang.reflect.Method", "java.lang.reflect.Field", "java.lang.reflect.Constructor",
      "groovy.lang.GroovyShell", "groovy.lang.GroovyClassLoader", "groovy.util.Eval", "java.lang.ClassLoader",
      "java.lang.Thread", "java.lang.System");
  static final List<String> BLOCKED_STAR_IMPORTS = Arrays.asList(
      "java.lang.reflect.*", "java.net.*", "groovy.lang.*", "java.nio.file.*");
  /** §7.12's receivers, plus Class (Class.forName), Thread and java.nio.file's Files and Paths. */
  static final List<String> BLOCKED_RECEIVERS = Arrays.asList(
      "java.lang.Runtime", "java.lang.ProcessBuilder", "java.lang.System", "java.lang.ClassLoader",
      "groovy.lang.GroovyShell", "groovy.lang.GroovyClassLoader", "groovy.util.Eval", "java.lang.Class",
      "java.lang.Thread", "java.nio.file.Files", "java.nio.file.Paths");
  /**
   * Method and property names refused on ANY receiver. Groovy decides most receivers at run time, so a
   * type-based check cannot see them: "ls".execute() is the GDK's String.execute(), which starts a
   * process; evaluate() compiles and runs more Groovy; forName/classLoader lead to reflection.
   */
  static final Set<String> BLOCKED_NAMES = new HashSet<>(Arrays.asList(
      "execute", "waitForProcessOutput", "consumeProcessOutput", "consumeProcessErrorStream", "waitForOrKill",
      "evaluate", "forName", "getClassLoader", "classLoader", "getContextClassLoader", "contextClassLoader",
      "getRuntime", "exit", "halt", "invokeMethod", "getMetaClass", "metaClass", "setMetaClass", "newInstance",
      "getDeclaredMethod", "getDeclaredField", "getDeclaredMethods", "getDeclaredFields", "setAccessible"));
  /** Annotations that make the compiler itself run code or fetch jars (@ASTTest, @Grab), or move code
   * out of the script body where the policy does not look (@Field initialisers). */
  static final Set<String> BLOCKED_ANNOTATIONS = new HashSet<>(Arrays.asList(
      "ASTTest", "Grab", "Grapes", "GrabResolver", "GrabConfig", "GrabExclude", "Field", "AnnotationCollector"));

  public static void main(String[] args) throws Exception {
    PrintStream out = new PrintStream(System.out, true, "UTF-8");
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    out.println("{\"ready\":true,\"groovy\":" + Json.quote(GroovySystem.getVersion()) + "}");
    String line;
    while ((line = in.readLine()) != null) {
      if (line.trim().isEmpty()) continue;
      long id = -1;
      try {
        Json.Request req = Json.parseRequest(line);
        id = req.id;
        out.println("{\"id\":" + id + ",\"errors\":" + Json.problems(check(req.script)) + "}");
      } catch (Throwable t) {
        out.println("{\"id\":" + id + ",\"internal\":" + Json.quote(String.valueOf(t)) + "}");
      }
    }
  }

  /** A problem: line and column are 1-based, 0 when unknown. */
  static final class Problem {
    final int line;
    final int column;
    final String message;
    final String type;

    Problem(int line, int column, String message, String type) {
      this.line = line;
      this.column = column;
      this.message = message == null ? "" : message.trim();
      this.type = type;
    }
  }

  static List<Problem> check(String script) {
    final ASTNode[] last = new ASTNode[1];
    CompilerConfiguration config = new CompilerConfiguration();
    // @Grab's global transformation downloads jars while compiling; the AST builder runs code.
    config.setDisabledGlobalASTTransformations(new HashSet<>(Arrays.asList(
        "groovy.grape.GrabAnnotationTransformation", "org.codehaus.groovy.ast.builder.AstBuilderTransformation")));
    config.addCompilationCustomizers(new EarlyPolicy(), securePolicy(last));
    CompilationUnit unit = new CompilationUnit(config);
    // Boomi's own API (com.boomi.execution.ExecutionUtil, ...) is not on our class path: any com.boomi
    // class resolves to an empty stand-in so an import of it is not a compile error.
    unit.setClassNodeResolver(new ClassNodeResolver() {
      @Override
      public LookupResult findClassNode(String name, CompilationUnit cu) {
        if (name.startsWith("com.boomi.")) {
          return new LookupResult(null, new ClassNode(name, 1, ClassHelper.OBJECT_TYPE));
        }
        return super.findClassNode(name, cu);
      }
    });
    SourceUnit source = unit.addSource("MapScript.groovy", script);
    try {
      unit.compile(Phases.CANONICALIZATION);
      return Collections.emptyList();
    } catch (MultipleCompilationErrorsException e) {
      List<Problem> problems = new ArrayList<>();
      for (Object m : e.getErrorCollector().getErrors()) problems.add(toProblem((Message) m, last[0], source));
      return problems;
    } catch (CompilationFailedException e) {
      return Collections.singletonList(new Problem(0, 0, e.getMessage(), "SYNTAX"));
    }
  }

  static Problem toProblem(Message m, ASTNode last, SourceUnit source) {
    if (m instanceof SyntaxErrorMessage) {
      SyntaxException se = ((SyntaxErrorMessage) m).getCause();
      return new Problem(se.getLine(), se.getStartColumn(), se.getOriginalMessage(), "SYNTAX");
    }
    if (m instanceof ExceptionMessage) {
      Exception cause = ((ExceptionMessage) m).getCause();
      if (cause instanceof SecurityException) {
        String msg = cause.getMessage();
        ASTNode at = cause instanceof Refusal ? ((Refusal) cause).node : last;
        if (at == null) at = importMentioned(source.getAST(), msg);
        return new Problem(at == null ? 0 : at.getLineNumber(), at == null ? 0 : at.getColumnNumber(), msg, "SECURITY");
      }
      return new Problem(0, 0, String.valueOf(cause), "SYNTAX");
    }
    if (m instanceof SimpleMessage) return new Problem(0, 0, ((SimpleMessage) m).getMessage(), "SYNTAX");
    return new Problem(0, 0, String.valueOf(m), "SYNTAX");
  }

  /** Import checks run before any expression is visited: find the import the message names. */
  static ASTNode importMentioned(ModuleNode module, String msg) {
    if (module == null || msg == null) return null;
    List<ImportNode> all = new ArrayList<>(module.getImports());
    all.addAll(module.getStarImports());
    all.addAll(module.getStaticImports().values());
    all.addAll(module.getStaticStarImports().values());
    for (ImportNode i : all) {
      String name = i.getClassName() != null ? i.getClassName() : i.getPackageName();
      if (name != null && msg.contains(name.endsWith(".") ? name.substring(0, name.length() - 1) : name)) return i;
    }
    return null;
  }

  static SecureASTCustomizer securePolicy(final ASTNode[] last) {
    SecureASTCustomizer secure = new SecureASTCustomizer();
    secure.setImportsBlacklist(BLOCKED_IMPORTS);
    secure.setStarImportsBlacklist(BLOCKED_STAR_IMPORTS);
    secure.setStaticImportsBlacklist(Collections.<String>emptyList());
    secure.setReceiversBlackList(BLOCKED_RECEIVERS);
    // Also check classes named in code without an import (java.io.* is a Groovy default import).
    secure.setIndirectImportCheckEnabled(true);
    secure.addExpressionCheckers(new SecureASTCustomizer.ExpressionChecker() {
      @Override
      public boolean isAuthorized(Expression e) {
        // Remember where we are: SecureASTCustomizer's own refusals carry no position.
        if (e.getLineNumber() > 0) last[0] = e;
        checkExpression(e);
        return true;
      }
    });
    return secure;
  }

  /** Refusals SecureASTCustomizer cannot express: constructors and casts of blocked types, blocked names. */
  static void checkExpression(Expression e) {
    if (e instanceof ConstructorCallExpression) blockType(e.getType(), "Constructing");
    if (e instanceof CastExpression) blockType(e.getType(), "Casting to");
    if (e instanceof ClassExpression) blockType(e.getType(), "Referring to");
    String name = null;
    if (e instanceof MethodCallExpression) {
      MethodCallExpression call = (MethodCallExpression) e;
      name = call.getMethodAsString();
      if (name == null) throw new SecurityException("Method calls with a computed name are not allowed");
      blockType(call.getObjectExpression().getType(), "Calling methods on receiver");
    } else if (e instanceof StaticMethodCallExpression) {
      name = ((StaticMethodCallExpression) e).getMethod();
      blockType(((StaticMethodCallExpression) e).getOwnerType(), "Calling methods on receiver");
    } else if (e instanceof PropertyExpression) {
      name = ((PropertyExpression) e).getPropertyAsString();
      if (name == null) throw new SecurityException("Property access with a computed name is not allowed");
    } else if (e instanceof MethodPointerExpression) {
      name = ((MethodPointerExpression) e).getMethodName().getText();
    }
    if (name != null && BLOCKED_NAMES.contains(name)) {
      throw new SecurityException("Calling or reading '" + name + "' is not allowed in a map script");
    }
  }

  static void blockType(ClassNode type, String what) {
    if (type == null) return;
    String name = type.getName();
    if (BLOCKED_IMPORTS.contains(name) || BLOCKED_RECEIVERS.contains(name)) {
      throw new SecurityException(what + " [" + name + "] is not allowed in a map script");
    }
  }

  /**
   * Runs at CONVERSION, before the compiler collects and runs local AST transformations: an annotation
   * like @ASTTest would otherwise execute script code during compilation. Class declarations are refused
   * because SecureASTCustomizer only inspects the script body and its methods.
   */
  static final class EarlyPolicy extends CompilationCustomizer {
    EarlyPolicy() {
      super(CompilePhase.CONVERSION);
    }

    @Override
    public void call(final SourceUnit source, GeneratorContext context, ClassNode classNode) {
      ModuleNode module = source.getAST();
      for (ClassNode c : module.getClasses()) {
        if (!c.isScript()) throw new Refusal("Declaring class [" + c.getName() + "] is not allowed in a map script", c);
      }
      for (ImportNode i : module.getImports()) {
        if (BLOCKED_ANNOTATIONS.contains(i.getType().getNameWithoutPackage())) {
          throw new Refusal("Importing [" + i.getClassName() + "] is not allowed", i);
        }
      }
      new ClassCodeVisitorSupport() {
        @Override
        protected SourceUnit getSourceUnit() {
          return source;
        }

        @Override
        public void visitAnnotations(AnnotatedNode node) {
          for (AnnotationNode a : node.getAnnotations()) {
            String simple = a.getClassNode().getNameWithoutPackage();
            if (BLOCKED_ANNOTATIONS.contains(simple)) {
              throw new Refusal("The annotation @" + simple + " is not allowed in a map script", a);
            }
          }
          super.visitAnnotations(node);
        }
      }.visitClass(classNode);
    }
  }

  /** A refusal of our own, which knows where it is. */
  static final class Refusal extends SecurityException {
    final transient ASTNode node;

    Refusal(String message, ASTNode node) {
      super(message);
      this.node = node;
    }
  }
}
